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

from accounts.models import User
from mentoring.enrolment.models import ProgramInvitation
from mentoring.lib.text import is_single_line
from mentoring.programs.models import Participant, Program

COLUMNS = ["email", "name", "role", "department"]
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PEOPLE = 5000
MAX_PROBLEMS_SHOWN = 100
NAME_LENGTH = User._meta.get_field("full_name").max_length
DEPARTMENT_LENGTH = User._meta.get_field("department").max_length
EMAIL_LENGTH = User._meta.get_field("email").max_length
ONE_LINE = "holds a line break or another control character: use a single line of text"
SAVE_AS_CSV = "In your spreadsheet, choose Save as “CSV UTF-8 (comma delimited)” and upload that."


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
            f"The file is {filesizeformat(upload.size)}; files of up to "
            f"{filesizeformat(MAX_FILE_BYTES)} ({MAX_PEOPLE:,} people) are accepted. "
            "Split it into smaller files."
        )
    raw = upload.read()
    if b"\x00" in raw:
        raise ValidationError(f"This is not a CSV file: it holds binary data. {SAVE_AS_CSV}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"The file is not UTF-8 text (the bytes at position {error.start + 1:,} cannot be "
            f"read), so accented names would come out wrong. {SAVE_AS_CSV}"
        ) from None
    if not text.strip():
        raise ValidationError(
            f"The file is empty. Its first line names the columns: {', '.join(COLUMNS)}."
        )
    return text


def _read_header(reader) -> list[str]:
    """The column names in the file's order; "" for a blank column, which is ignored."""
    expected = ", ".join(COLUMNS)
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    except csv.Error as error:
        raise ValidationError(f"The first line could not be read as CSV ({error}).") from None
    if header is None:
        raise ValidationError(f"The file is empty. Its first line names the columns: {expected}.")
    columns = [cell.strip().lower() for cell in header]
    if len(columns) == 1 and (";" in columns[0] or "\t" in columns[0]):
        raise ValidationError(
            "The columns are separated by semicolons or tabs; this page reads commas. "
            + SAVE_AS_CSV
        )
    times_named = Counter(name for name in columns if name)
    doubled = sorted(name for name, times in times_named.items() if times > 1)
    missing = [name for name in COLUMNS if name not in times_named]
    unexpected = [name for name in times_named if name not in COLUMNS]
    if doubled or missing or unexpected:
        details = []
        if missing:
            details.append(f"missing: {', '.join(missing)}")
        if unexpected:
            details.append(f"not expected: {_first_few(unexpected)}")
        if doubled:
            details.append(f"named twice: {_first_few(doubled)}")
        raise ValidationError(
            f"The first line must name the columns {expected} (in any order); "
            f"{'; '.join(details)}."
        )
    return columns


def _first_few(names: list[str], shown: int = 5) -> str:
    """Some names, so a spreadsheet's thousand stray columns make a readable message."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


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
                f"it could not be read as CSV ({error}); look for a quote mark that is not closed"
            )
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        people += 1
        if people > MAX_PEOPLE:
            raise ValidationError(
                f"The file lists more than {MAX_PEOPLE:,} people. Split it into smaller files."
            )
        if len(row) != len(columns):
            problems[start] = [f"it has {len(row)} values; the first line names {len(columns)}"]
            continue
        values = {name: cell.strip() for name, cell in zip(columns, row, strict=True) if name}
        invitee, row_problems = _read_person(start, values)
        if invitee.email in first_line_of:
            row_problems.append(
                f"{invitee.email} is already on line {first_line_of[invitee.email]}"
            )
        elif invitee.email:
            first_line_of[invitee.email] = start
        if row_problems:
            problems[start] = row_problems
        else:
            invitees.append(invitee)
    if not people and not problems:
        raise ValidationError(
            "The file names the columns but lists nobody: add one person per line below the first."
        )
    return invitees, problems


def _read_person(line: int, values: dict[str, str]) -> tuple[Invitee, list[str]]:
    problems = []
    email = values["email"].lower()
    if not email:
        problems.append("the email address is empty")
    elif len(email) > EMAIL_LENGTH:
        problems.append(f"the email address is longer than {EMAIL_LENGTH} characters")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{values['email']}” is not a valid email address")
    name = values["name"]
    if not name:
        problems.append("the name is empty")
    elif len(name) > NAME_LENGTH:
        problems.append(f"the name is longer than {NAME_LENGTH} characters")
    elif not is_single_line(name):
        problems.append(f"the name {ONE_LINE}")
    role = values["role"].lower()
    if role not in Participant.Role.values:
        shown = f"“{values['role']}”" if values["role"] else "empty"
        problems.append(f"the role is {shown}; write mentee or mentor")
    department = values["department"]
    if len(department) > DEPARTMENT_LENGTH:
        problems.append(f"the department is longer than {DEPARTMENT_LENGTH} characters")
    elif not is_single_line(department):
        problems.append(f"the department {ONE_LINE}")
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
                f"{invitee.email} is already a {role} in this program"
            )
        elif user and (user.pk, invitee.role) in invited:
            problems.setdefault(invitee.line, []).append(
                f"{invitee.email} is already invited as a {role}; to remind them, send the "
                "invitations again"
            )


def _problem_messages(problems: dict[int, list[str]]) -> list[str]:
    lines = sorted(problems)
    messages = [
        f"Line {line}: {'; '.join(problems[line])}." for line in lines[:MAX_PROBLEMS_SHOWN]
    ]
    if len(lines) > MAX_PROBLEMS_SHOWN:
        messages.append(f"… and {len(lines) - MAX_PROBLEMS_SHOWN:,} more lines with problems.")
    return messages
