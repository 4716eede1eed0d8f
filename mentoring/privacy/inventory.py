"""What the toolkit stores about people, who sees it, where it goes and how long it is kept:
the source of docs/privacy.md (`manage.py privacy_pack`). The fields come from the models
themselves; tests/test_privacy_pack.py fails when a model gains a text field that no entry
here covers, or when docs/privacy.md is not what this file says."""

from dataclasses import dataclass

RETENTION = "Its program's retention period after the pair ends (default 24 months), then erased"
PAIR_ONLY = "The pair's mentor and mentee. Never the program's coordinators, nor staff in the site"
EXPORT = "The person's own data export"


@dataclass(frozen=True)
class Holding:
    model: str
    what: str
    who_sees: str
    goes_to: str
    kept: str
    # Text fields that hold nothing about a person, and why: written by the code.
    not_personal: tuple[str, ...] = ()


HOLDINGS = [
    Holding(
        "accounts.User",
        "A person's account and profile.",
        "The person. Name, title, department, bio and expertise: the people of their programs. "
        "Growth areas: also their coordinators, to suggest mentors. Staff in the admin",
        "Emails (name and address), every PDF naming them, coordinators' CSV exports (name and "
        "department), the person's data export",
        "Until the person deletes their account: then name and profile are blanked, the address "
        "replaced, and the row kept as “Former participant” so pair records stay attributed",
        not_personal=("password", "time_zone"),
    ),
    Holding(
        "audit.AccessEvent",
        "The access and change log: who opened, downloaded or changed what, when, from where.",
        "Staff (the access log page and its CSV). A pair's members see the entries about their "
        "pair by coordinators and staff",
        "The staff's CSV of the log; the person's data export (entries about them)",
        "Appended only; kept with the site's records, or ACCESS_LOG_RETENTION_MONTHS when set "
        "(not erased with an account, which it "
        "then names as “Former participant”)",
        not_personal=("action", "detail"),
    ),
    Holding(
        "programs.Program",
        "A mentoring program: its name and description, written by its coordinators.",
        "Its coordinators and participants",
        "Emails and PDFs name the program",
        "As long as the site keeps the program",
    ),
    Holding(
        "programs.Participant",
        "A person's role (mentee or mentor) in a program.",
        "The program's coordinators; mentees see a program's mentors in its directory",
        "Coordinators' lists; the person's data export",
        "Until the person leaves the program or deletes their account",
    ),
    Holding(
        "programs.Mentorship",
        "A pair: who mentors whom, in which program, its phase and dates.",
        "Its two members and its program's coordinators",
        "Every email, PDF and calendar file about the pair; coordinators' dashboard and CSV; "
        "both members' data exports",
        "As long as the program is kept: its writing is erased by retention, the pair's "
        "dates and counts stay for reports",
    ),
    Holding(
        "preparation.SelfReflection",
        "The mentee's self-reflection before asking a mentor.",
        "The person alone",
        EXPORT,
        "Until the person deletes their account",
    ),
    Holding(
        "preparation.CandidateNote",
        "A mentee's private notes about a possible mentor.",
        "The mentee who wrote them alone (never the mentor they are about)",
        EXPORT,
        "Until the mentee deletes their account (the mentor's deletion leaves them)",
    ),
    Holding(
        "preparation.MentorRequest",
        "A mentee asking a mentor, with their reasons, and the mentor's answer.",
        "The mentee and the mentor (never coordinators, who see the status; a coordinator's "
        "note goes to the mentee)",
        "Emails to the mentor (that a request came) and the mentee (the answer); both members' "
        "data exports",
        "With the pair it became, under its retention; requests that made no pair go when "
        "their mentee deletes their account",
    ),
    Holding(
        "preparation.PlanningTemplate",
        "The mentee's planning template for a pair.",
        "The mentee; the mentor once the mentee shares it",
        "Its PDF; the mentee's data export (the mentor's once shared)",
        RETENTION,
    ),
    Holding(
        "agreements.Acknowledgement",
        "Which of the mentee's responsibilities each member acknowledged, and when.",
        PAIR_ONLY,
        "Both members' data exports",
        RETENTION,
    ),
    Holding(
        "agreements.AgreementVersion",
        "The mentoring agreement, each version of it.",
        PAIR_ONLY + "; coordinators may download the signed PDF only where the program allows",
        "The agreement PDF; both members' data exports",
        RETENTION,
    ),
    Holding(
        "agreements.Goal",
        "The agreement's goals (at most three).",
        PAIR_ONLY,
        "The agreement PDF, the certificate, the portfolio; both members' data exports",
        RETENTION,
    ),
    Holding(
        "agreements.Signature",
        "A signature on a version: the name typed and when.",
        PAIR_ONLY,
        "The agreement PDF; both members' data exports",
        RETENTION + "; the typed name becomes “Former participant” when the signer leaves",
    ),
    Holding(
        "enabling.PlanSection",
        "The action plan's answers for each goal.",
        PAIR_ONLY,
        "The action plan PDF, the portfolio; both members' data exports",
        RETENTION,
    ),
    Holding(
        "enabling.ActionStep",
        "An action step of the plan.",
        PAIR_ONLY + " (coordinators see how many are overdue)",
        "The action plan PDF, reminders to its owner; both members' data exports",
        RETENTION,
        not_personal=("owner",),
    ),
    Holding(
        "enabling.CheckInAnswer",
        "One member's mid-way check-in answers.",
        "Its author; the partner once both have answered. Coordinators see only that it was "
        "answered, and whether help was asked for",
        "The portfolio once both answered; the author's data export (the partner's once shared)",
        RETENTION + "; an answer the partner cannot read yet goes when its author leaves",
    ),
    Holding(
        "meetings.Meeting",
        "A meeting: when, how and where, its agenda and shared notes.",
        PAIR_ONLY + " (coordinators see counts and dates)",
        "Calendar files and the person's calendar feed, reminder emails, the portfolio; both "
        "members' data exports",
        RETENTION,
    ),
    Holding(
        "meetings.Reflection",
        "A 3-2-1 reflection after a meeting.",
        "Its author; the partner only once the author shares it",
        "The portfolio (shared ones); the author's data export (the partner's shared ones)",
        RETENTION + "; a private one goes when its author leaves",
    ),
    Holding(
        "meetings.KickStarterCategory",
        "The toolkit's conversation kick-starter categories (no personal information).",
        "Everyone signed in",
        "Meeting agendas",
        "As long as the site runs",
        not_personal=("name", "name_fr", "slug"),
    ),
    Holding(
        "meetings.KickStarterQuestion",
        "The toolkit's kick-starter questions (no personal information).",
        "Everyone signed in",
        "Meeting agendas",
        "As long as the site runs",
        not_personal=("text", "text_fr"),
    ),
    Holding(
        "meetings.CalendarFeed",
        "The secret link of a person's calendar feed, stored as a hash.",
        "Nobody can read it back; the person can replace it",
        "Nowhere",
        "Until replaced, or the account is deleted",
        not_personal=("token_hash",),
    ),
    Holding(
        "closure.Closure",
        "A decision to close a pair and its reason.",
        PAIR_ONLY + "; coordinators see that the pair ended",
        "Closure emails, the portfolio; both members' data exports",
        RETENTION,
    ),
    Holding(
        "closure.GoalOutcome",
        "How a member says a goal ended, with an optional comment.",
        PAIR_ONLY,
        "The certificate (the mentee's achieved goals), the portfolio; both members' exports",
        RETENTION,
    ),
    Holding(
        "closure.ClosingReflection",
        "A member's closing reflection.",
        "Its author alone",
        "The author's portfolio and data export",
        RETENTION + "; it goes when its author leaves",
    ),
    Holding(
        "health.FitCheck",
        "A member's answer to the fit check after the first meeting (a good fit, still "
        "deciding, not a fit) and, if they wrote one, why.",
        "Its author alone. Coordinators learn only that someone in the pair answered “Not a "
        "fit” (an email and a note on the pair's page), never who or why",
        "The author's data export",
        RETENTION + " (the reason is erased, the answer kept as a count); it goes when its "
        "author leaves",
    ),
    Holding(
        "health.PulseSurvey",
        "A member's ratings of three statements about the relationship (1 to 5), every so "
        "often, and an optional comment with whether they share it.",
        "Its author alone. Coordinators see the ratings only as program averages of at least "
        "the program's threshold of people (5 unless set higher, never below 3), and a "
        "comment only if its author ticked “share”, in the report, never with a name or pair",
        "The author's data export",
        RETENTION + " (the comment is erased, the ratings kept as counts); it goes when its "
        "author leaves",
    ),
    Holding(
        "health.ClosingFeedback",
        "A member's likelihood to recommend the program (0 to 10) as the pair closes, and an "
        "optional comment for the coordinators.",
        "Its author. Coordinators see the score only in the program's NPS of at least the "
        "threshold of people, and the comment in the report, never with a name or pair",
        "The author's data export",
        RETENTION + " (the comment is erased, the score kept as a count); it goes when its "
        "author leaves",
    ),
    Holding(
        "closure.ThankYouNote",
        "The mentee's thank-you note to the mentor.",
        PAIR_ONLY,
        "An email to the mentor; both members' data exports",
        RETENTION,
    ),
    Holding(
        "enrolment.ProgramInvitation",
        "An invitation to join a program, with the department given in the import.",
        "The program's coordinators and the person invited",
        "The invitation email",
        "Until accepted or the account is deleted",
    ),
    Holding(
        "enrolment.CoordinatorInvitation",
        "An invitation to co-coordinate a program.",
        "The program's coordinators and the person invited",
        "The invitation email",
        "Until accepted or the account is deleted",
    ),
    Holding(
        "enrolment.JoinLink",
        "A program's join link, stored as a hash.",
        "Its coordinators see the link once, when made",
        "Nowhere",
        "Until revoked or the program is deleted",
        not_personal=("token_hash",),
    ),
    Holding(
        "reminders.Reminder",
        "Which reminder was sent to whom, and when.",
        "Staff in the admin",
        "The reminder email",
        "Until the account is deleted",
        not_personal=("key", "last_error"),
    ),
    Holding(
        "enrolment.JoinRequest",
        "A person asking to join a program by its join link.",
        "The program's coordinators and the person",
        "An email to the coordinators, and the answer to the person",
        "Until answered, or the account is deleted",
    ),
    Holding(
        "reminders.OptOut",
        "A kind of reminder a person turned off.",
        "The person; staff in the admin",
        "Nowhere",
        "Until turned back on, or the account is deleted",
    ),
    Holding(
        "privacy.DataExport",
        "A person's request for a copy of their data, and the file made.",
        "The person alone",
        "An email with the link; the file, kept in the shared exports directory",
        "The file for one day after it is ready; the request until the account is deleted",
        not_personal=("file_name",),
    ),
    Holding(
        "socialaccount.SocialAccount",
        "A person's link to their organisation's identity provider: its id for them and what it "
        "said at their last sign-in (name, address, department, job title, how they signed in).",
        "Staff in the admin. Name, department and title fill the person's profile, seen as above",
        "Nowhere: the person's data export holds the profile they fill",
        "Until the person deletes their account (then deleted), or staff remove the link",
    ),
    Holding(
        "socialaccount.SocialApp",
        "An identity provider's set-up: its name, client id and secret, and our settings for it.",
        "Staff in the admin",
        "Nowhere",
        "Until staff remove the provider",
        not_personal=("provider", "provider_id", "name", "client_id", "secret", "key"),
    ),
    Holding(
        "socialaccount.SocialToken",
        "A provider's access token: never kept here (SOCIALACCOUNT_STORE_TOKENS is off).",
        "Nobody",
        "Nowhere",
        "Not kept",
        not_personal=("token", "token_secret"),
    ),
    Holding(
        "sso.ProviderSession",
        "Which of our sessions came from which sign-in at an identity provider, so that signing "
        "out there ends it here.",
        "Nobody: only the provider's sign-out notice reads it",
        "Nowhere",
        "Until the provider's sign-out, or the session's longest life, "
        "SESSION_MAX_AGE_HOURS; deleted with the account",
        not_personal=("provider_id", "session_key"),
    ),
    Holding(
        "provisioning.ProvisionedAccount",
        "That an account is managed by the organisation's directory (SCIM): the directory's "
        "ids and login name for the person, and their name in parts as it sent them.",
        "Staff in the admin. The directory that manages the account reads it back through SCIM",
        "The directory that sent it (SCIM answers)",
        "Until the person's account is deleted, by them or by the directory (then deleted)",
    ),
    Holding(
        "provisioning.DirectoryGroup",
        "A group of the organisation's directory and which accounts are in it.",
        "Staff in the admin; the directory, through SCIM. Coordinators see how many members a "
        "group their program names has, never who",
        "The directory that sent it (SCIM answers)",
        "Until the directory deletes the group; a person leaves every group when their account "
        "is deleted",
    ),
    Holding(
        "provisioning.ProgramGroup",
        "A program's setting: a directory group whose members are its mentees or mentors.",
        "The program's coordinators; staff in the admin",
        "Nowhere",
        "Until a coordinator removes it, or the program is deleted",
        not_personal=("group_name", "role"),
    ),
    Holding(
        "provisioning.ProvisioningToken",
        "A directory's SCIM token: its name and a fingerprint (SHA-256) of its secret, never "
        "the secret.",
        "Staff in the admin",
        "Nowhere",
        "Until staff delete it; a revoked token stops working at once",
        not_personal=("name", "digest"),
    ),
]

SUB_PROCESSORS = (
    "None by default: the toolkit is self-hosted. Everything above lives in the deployment's "
    "own database (PostgreSQL) and its shared exports directory. Email goes through the SMTP "
    "relay the deployment configures (`EMAIL_*` settings): the only place data leaves, and the "
    "deployment's choice to list. No analytics, fonts, scripts or images are loaded from "
    "anywhere else (the Content-Security-Policy allows only the site itself)."
)
