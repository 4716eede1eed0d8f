"""The demo program's people: a coordinator, mentors and mentees across departments and zones."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from accounts.models import User
from mentoring.programs.models import Participant, Program

DEMO_PASSWORD = "mentoring-demo"


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    full_name: str
    job_title: str
    department: str
    time_zone: str
    expertise: str = ""
    capacity: int = 0
    growth_areas: str = ""


COORDINATOR = Person(
    "casey",
    "coordinator@example.com",
    "Casey Coordinator",
    "Program Coordinator",
    "People & Culture",
    "America/Vancouver",
)
STAFF = Person(
    "ada",
    "admin@example.com",
    "Ada Admin",
    "Site administrator",
    "People & Culture",
    "America/Vancouver",
)
MENTORS = [
    Person(
        "maria",
        "maria.mentor@example.com",
        "Maria Santos",
        "Director, Clinical Operations",
        "Clinical Operations",
        "America/Vancouver",
        "Operations, Budgeting, Leading change",
        2,
    ),
    Person(
        "david",
        "david.mentor@example.com",
        "David Chen",
        "Manager, Patient Care",
        "Patient Care",
        "America/Edmonton",
        "Team leadership, Difficult conversations, Scheduling",
        2,
    ),
    Person(
        "aisha",
        "aisha.mentor@example.com",
        "Aisha Rahman",
        "Senior Leader, Quality",
        "Quality & Safety",
        "America/Toronto",
        "Quality improvement, Data, Career planning",
        3,
    ),
    Person(
        "tom",
        "tom.mentor@example.com",
        "Tom Okafor",
        "Director, Finance",
        "Finance",
        "America/Halifax",
        "Budgeting, Business cases, Presenting to executives",
        1,
    ),
    Person(
        "elena",
        "elena.mentor@example.com",
        "Elena Petrova",
        "Head of Digital Health",
        "Digital Health",
        "Europe/London",
        "Digital projects, Leading change, Networking",
        2,
    ),
]
MENTEES = [
    Person(
        "sam",
        "sam.mentee@example.com",
        "Sam Taylor",
        "Clinical Nurse Leader",
        "Nursing",
        "America/Vancouver",
        growth_areas="Team leadership, Delegation, Difficult conversations",
    ),
    Person(
        "priya",
        "priya.mentee@example.com",
        "Priya Patel",
        "Team Lead, Rehabilitation",
        "Rehabilitation",
        "America/Edmonton",
        growth_areas="Team leadership, Quality improvement",
    ),
    Person(
        "jordan",
        "jordan.mentee@example.com",
        "Jordan Lee",
        "Coordinator, Diagnostics",
        "Diagnostics",
        "America/Toronto",
        growth_areas="Career planning, Presenting to executives, Data",
    ),
    Person(
        "alex",
        "alex.mentee@example.com",
        "Alex Morgan",
        "Supervisor, Food Services",
        "Support Services",
        "America/Vancouver",
        growth_areas="Quality improvement, Presenting to executives",
    ),
    Person(
        "noor",
        "noor.mentee@example.com",
        "Noor Haddad",
        "Charge Nurse",
        "Nursing",
        "America/Winnipeg",
        growth_areas="Leading change, Career planning, Budgeting",
    ),
    Person(
        "ben",
        "ben.mentee@example.com",
        "Ben Carter",
        "Supervisor, Facilities",
        "Facilities",
        "America/St_Johns",
        growth_areas="Budgeting, Business cases",
    ),
    Person(
        "chris",
        "chris.mentee@example.com",
        "Chris Nguyen",
        "Analyst, Patient Flow",
        "Clinical Operations",
        "Europe/London",
        growth_areas="Digital projects, Networking",
    ),
    Person(
        "kim",
        "kim.mentee@example.com",
        "Kim Park",
        "Pharmacy Team Lead",
        "Pharmacy",
        "America/Regina",
        growth_areas="Difficult conversations, Leading change",
    ),
    Person(
        "fatima",
        "fatima.mentee@example.com",
        "Fatima Ali",
        "Manager, Laboratory",
        "Diagnostics",
        "America/Toronto",
        growth_areas="Leading change, Networking",
    ),
]


def create_people(program: Program) -> dict[str, User]:
    """Everyone, with a verified email and the demo password, enrolled in the program.

    The password is hashed once: hashing it for each person would take most of the run.
    """
    password = make_password(DEMO_PASSWORD)
    people = {}
    for person, extra in [
        (STAFF, {"is_staff": True, "is_superuser": True}),
        (COORDINATOR, {}),
        *[
            (
                mentor,
                {
                    "expertise": mentor.expertise,
                    "open_to_mentoring": True,
                    "mentee_capacity": mentor.capacity,
                    "bio": f"{mentor.job_title} who enjoys helping new leaders find their feet.",
                },
            )
            for mentor in MENTORS
        ],
        *[(mentee, {"growth_areas": mentee.growth_areas}) for mentee in MENTEES],
    ]:
        people[person.key] = User.objects.create(
            email=person.email,
            password=password,
            full_name=person.full_name,
            job_title=person.job_title,
            department=person.department,
            time_zone=person.time_zone,
            **extra,
        )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in people.values()
    )
    program.coordinators.add(people[COORDINATOR.key])
    # Staff decide who may create programs; the demo's coordinator may.
    people[COORDINATOR.key].user_permissions.add(
        Permission.objects.get(content_type__app_label="programs", codename="add_program")
    )
    Participant.objects.bulk_create(
        [
            Participant(program=program, user=people[p.key], role=Participant.Role.MENTOR)
            for p in MENTORS
        ]
        + [
            Participant(program=program, user=people[p.key], role=Participant.Role.MENTEE)
            for p in MENTEES
        ]
    )
    return people


def demo_emails() -> list[str]:
    return [person.email for person in [STAFF, COORDINATOR, *MENTORS, *MENTEES]]
