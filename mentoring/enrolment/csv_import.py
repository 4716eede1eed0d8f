"""Reading a coordinator's CSV file of people to invite.

Every problem is found before anything is saved: file-level ones (size, encoding, columns) stop
the reading at once; row-level ones are collected for every line, so the coordinator fixes the
whole file in one go.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentoring.enrolment.models import ProgramInvitation
from mentoring.lib.languages import grouped, joined
from mentoring.lib.text import is_single_line
from mentoring.programs.models import Participant, Program

COLUMNS = ["email", "name", "role", "department"]
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PEOPLE = 5000
MAX_PROBLEMS_SHOWN = 100
NAME_LENGTH = User._meta.get_field("full_name").max_length
DEPARTMENT_LENGTH = User._meta.get_field("department").max_length
EMAIL_LENGTH = User._meta.get_field("email").max_length
SAVE_AS_CSV = _(
    "In your spreadsheet, choose Save as “CSV UTF-8 (comma delimited)” and upload that."
)


@dataclass(frozen=True)
class Invitee:
    line: int
    email: str
    name: str
    role: Participant.Role
    department: str


def read_invitees(upload, *, program: Program) -> list[Invitee]:
    """The people in the uploaded file, or a ValidationError listing every problem found."""
    text = _decode(upload)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _read_header(reader)
    invitees, problems = _read_rows(reader, columns)
    _check_against_program(invitees, program, problems)
    if problems:
        raise ValidationError(_problem_messages(problems))
    return invitees


def _decode(upload) -> str:
    # The size is checked before reading, so a huge file is never loaded into memory.
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            gettext(
                "The file is %(size)s; files of up to %(largest)s (%(people)s people) are "
                "accepted. Split it into smaller files."
            )
            % {
                "size": filesizeformat(upload.size),
                "largest": filesizeformat(MAX_FILE_BYTES),
                "people": grouped(MAX_PEOPLE),
            }
        )
    raw = upload.read()
    if b"\x00" in raw:
        raise ValidationError(
            gettext("This is not a CSV file: it holds binary data. %(save_as_csv)s")
            % {"save_as_csv": SAVE_AS_CSV}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            gettext(
                "The file is not UTF-8 text (the bytes at position %(position)s cannot be read), "
                "so accented names would come out wrong. %(save_as_csv)s"
            )
            % {"position": grouped(error.start + 1), "save_as_csv": SAVE_AS_CSV}
        ) from None
    if not text.strip():
        raise ValidationError(_empty_file())
    return text


def _empty_file() -> str:
    return gettext("The file is empty. Its first line names the columns: %(columns)s.") % {
        "columns": ", ".join(COLUMNS)
    }


def _read_header(reader) -> list[str]:
    """The column names in the file's order; "" for a blank column, which is ignored."""
    expected = ", ".join(COLUMNS)
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    except csv.Error as error:
        raise ValidationError(
            gettext("The first line could not be read as CSV (%(error)s).") % {"error": error}
        ) from None
    if header is None:
        raise ValidationError(_empty_file())
    columns = [cell.strip().lower() for cell in header]
    if len(columns) == 1 and (";" in columns[0] or "\t" in columns[0]):
        raise ValidationError(
            gettext(
                "The columns are separated by semicolons or tabs; this page reads commas. "
                "%(save_as_csv)s"
            )
            % {"save_as_csv": SAVE_AS_CSV}
        )
    times_named = Counter(name for name in columns if name)
    doubled = sorted(name for name, times in times_named.items() if times > 1)
    missing = [name for name in COLUMNS if name not in times_named]
    unexpected = [name for name in times_named if name not in COLUMNS]
    if doubled or missing or unexpected:
        details = []
        if missing:
            details.append(gettext("missing: %(names)s") % {"names": ", ".join(missing)})
        if unexpected:
            details.append(gettext("not expected: %(names)s") % {"names": _first_few(unexpected)})
        if doubled:
            details.append(gettext("named twice: %(names)s") % {"names": _first_few(doubled)})
        raise ValidationError(
            gettext(
                "The first line must name the columns %(columns)s (in any order); %(details)s."
            )
            % {"columns": expected, "details": joined(details)}
        )
    return columns


def _first_few(names: list[str], shown: int = 5) -> str:
    """Some names, so a spreadsheet's thousand stray columns make a readable message."""
    more = len(names) - shown
    first = ", ".join(names[:shown])
    if more <= 0:
        return first
    return gettext("%(names)s and %(more)s more") % {"names": first, "more": more}


def _read_rows(reader, columns) -> tuple[list[Invitee], dict[int, list[str]]]:
    invitees, problems, first_line_of = [], {}, {}
    people = 0
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.setdefault(start, []).append(
                gettext(
                    "it could not be read as CSV (%(error)s); look for a quote mark that is not "
                    "closed"
                )
                % {"error": error}
            )
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        people += 1
        if people > MAX_PEOPLE:
            raise ValidationError(
                gettext("The file lists more than %(people)s people. Split it into smaller files.")
                % {"people": grouped(MAX_PEOPLE)}
            )
        if len(row) != len(columns):
            problems[start] = [
                gettext("it has %(values)s values; the first line names %(columns)s")
                % {"values": len(row), "columns": len(columns)}
            ]
            continue
        values = {name: cell.strip() for name, cell in zip(columns, row, strict=True) if name}
        invitee, row_problems = _read_person(start, values)
        if invitee.email in first_line_of:
            row_problems.append(
                gettext("%(email)s is already on line %(line)s")
                % {"email": invitee.email, "line": first_line_of[invitee.email]}
            )
        elif invitee.email:
            first_line_of[invitee.email] = start
        if row_problems:
            problems[start] = row_problems
        else:
            invitees.append(invitee)
    if not people and not problems:
        raise ValidationError(
            gettext(
                "The file names the columns but lists nobody: add one person per line below the "
                "first."
            )
        )
    return invitees, problems


def _read_person(line: int, values: dict[str, str]) -> tuple[Invitee, list[str]]:
    problems = []
    email = values["email"].lower()
    if not email:
        problems.append(gettext("the email address is empty"))
    elif len(email) > EMAIL_LENGTH:
        problems.append(
            gettext("the email address is longer than %(length)s characters")
            % {"length": EMAIL_LENGTH}
        )
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                gettext("“%(email)s” is not a valid email address") % {"email": values["email"]}
            )
    name = values["name"]
    if not name:
        problems.append(gettext("the name is empty"))
    elif len(name) > NAME_LENGTH:
        problems.append(
            gettext("the name is longer than %(length)s characters") % {"length": NAME_LENGTH}
        )
    elif not is_single_line(name):
        problems.append(
            gettext(
                "the name holds a line break or another control character: use a single line "
                "of text"
            )
        )
    role = values["role"].lower()
    if role not in Participant.Role.values:
        if values["role"]:
            problems.append(
                gettext("the role is “%(role)s”; write mentee or mentor")
                % {"role": values["role"]}
            )
        else:
            problems.append(gettext("the role is empty; write mentee or mentor"))
    department = values["department"]
    if len(department) > DEPARTMENT_LENGTH:
        problems.append(
            gettext("the department is longer than %(length)s characters")
            % {"length": DEPARTMENT_LENGTH}
        )
    elif not is_single_line(department):
        problems.append(
            gettext(
                "the department holds a line break or another control character: use a single "
                "line of text"
            )
        )
    invitee = Invitee(
        line=line,
        email=email,
        name=name,
        role=Participant.Role(role) if role in Participant.Role.values else role,
        department=department,
    )
    return invitee, problems


def users_by_email(emails) -> dict[str, User]:
    """Existing accounts for these lower-case addresses, matched whatever their case."""
    users = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    return {user.email_lower: user for user in users}


def program_problems(invitees: list[Invitee], *, program: Program) -> dict[int, list[str]]:
    """{line: problems} for people already in the program or invited to it, for a form that
    invites one person by the same rules as the file."""
    problems = {}
    _check_against_program(invitees, program, problems)
    return problems


def _check_against_program(invitees, program, problems) -> None:
    """Who is in this program already, or invited to it: what its coordinators know anyway."""
    users = users_by_email([invitee.email for invitee in invitees])
    enrolled = set(
        Participant.objects.filter(program=program, user__in=users.values()).values_list(
            "user_id", "role"
        )
    )
    invited = set(
        ProgramInvitation.objects.filter(program=program, user__in=users.values()).values_list(
            "user_id", "role"
        )
    )
    for invitee in invitees:
        user = users.get(invitee.email)
        role = invitee.role.label.lower()
        if user and (user.pk, invitee.role) in enrolled:
            problems.setdefault(invitee.line, []).append(
                gettext("%(email)s is already a %(role)s in this program")
                % {"email": invitee.email, "role": role}
            )
        elif user and (user.pk, invitee.role) in invited:
            problems.setdefault(invitee.line, []).append(
                gettext(
                    "%(email)s is already invited as a %(role)s; to remind them, send the "
                    "invitations again"
                )
                % {"email": invitee.email, "role": role}
            )


def _problem_messages(problems: dict[int, list[str]]) -> list[str]:
    lines = sorted(problems)
    messages = [
        gettext("Line %(line)s: %(problems)s.")
        % {"line": line, "problems": joined(problems[line])}
        for line in lines[:MAX_PROBLEMS_SHOWN]
    ]
    more = len(lines) - MAX_PROBLEMS_SHOWN
    if more > 0:
        messages.append(
            ngettext(
                "… and %(count)s more line with problems.",
                "… and %(count)s more lines with problems.",
                more,
            )
            % {"count": grouped(more)}
        )
    return messages
