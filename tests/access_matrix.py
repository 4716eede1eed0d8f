"""The authorization matrix: who gets what from every URL of the project.

tests/test_authorization.py runs it in the world of tests/world.py; admin and allauth URLs follow
rules there instead of rows here.
"""

import typing

from tests.world import KWARGS, PERSONAS

# The matrix: for every named URL of the project (admin and allauth follow rules, in the test),
# the status each persona gets on a GET and on a POST of empty data.
#
# [namespace] heads the URL names below it ([] for names without one). Per row: the name, the
# objects its kwargs come from (KWARGS, in tests/world.py), then seven GET and seven POST
# statuses.
# Persona columns: an(onymous), me(ntee), mo (mentor), ot (member of another pair),
# co(ordinator of the program), oc (other program's coordinator), st(aff).
#
# How to read it: anonymous is sent to sign in (302); strangers get 404 for what is not
# theirs; coordinators read a pair's page (200) but its content, and changing it, is a 404 to
# them as to strangers, and a change to the pair itself (starting to negotiate) a 403; GET on a
# POST-only view is 405; an empty POST re-renders its form (200, or 400 where the view says so)
# or redirects with a message (302).
MATRIX = """
#                                    ----------- GET -----------  ----------- POST ----------
#                                    an  me  mo  ot  co  oc  st   an  me  mo  ot  co  oc  st
[]
home                         -       200 200 200 200 200 200 200  200 200 200 200 200 200 200
guide                        -       200 200 200 200 200 200 200  405 405 405 405 405 405 405

[accounts]
profile                      -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
# Anyone may switch language; an empty POST names none and goes home.
language                     -       405 405 405 405 405 405 405  302 302 302 302 302 302 302

[programs]
# Staff decide who may create programs (the "Can add program" permission); staff always may.
new_program                  -       302 403 403 403 403 403 200  302 403 403 403 403 403 400
program                      prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
edit_program                 prog    302 404 404 404 200 404 404  302 404 404 404 400 404 404
# The world's program has open pairs: archiving it is refused with a message.
archive                      prog    302 405 405 405 405 405 405  302 404 404 404 302 404 404
# Everyone's own archived programs (most have none).
archived_programs            -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
new_pair                     prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
mentorship                   enab    302 200 200 404 200 404 404  302 200 200 404 200 404 404
start_negotiating            prep    302 405 405 405 405 405 405  302 302 302 404 403 404 404
# "Who has looked": the pair's own; coordinators, whose looks it lists, get a 404.
access_log                   enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404

[preparation]
# Everyone's own self-reflection; the directory and candidate notes are for the program's
# mentees (the mentor is not one; the other pair's mentee is).
self_reflection              -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
# Everyone's own preparation (reflection, notes, planning templates), listed.
my_preparation               -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
complete_self_reflection     -       302 405 405 405 405 405 405  302 200 200 200 200 200 200
mentor_directory             dir     302 200 404 200 404 404 404  302 200 404 200 404 404 404
candidate                    cand    302 200 404 200 404 404 404  302 200 404 200 404 404 404
ask_mentor                   cand    302 200 404 200 404 404 404  302 200 404 200 404 404 404
sent_requests                -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
received_requests            -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
request                      sent    302 200 200 404 404 404 404  302 200 200 404 404 404 404
accept_request               sent    302 405 405 405 405 405 405  302 403 302 404 404 404 404
decline_request              sent    302 405 405 405 405 405 405  302 403 302 404 404 404 404
withdraw_request             sent    302 405 405 405 405 405 405  302 302 403 404 404 404 404
# Shared with the mentor, who reads it; only the mentee changes it.
planning_template            prep    302 200 200 404 404 404 404  302 302 403 404 404 404 404
share_planning_template      prep    302 405 405 405 405 405 405  302 200 403 404 404 404 404
planning_pdf                 prep    302 200 200 404 404 404 404  302 200 200 404 404 404 404

[agreements]
responsibilities             neg     302 200 200 404 404 404 404  302 200 200 404 404 404 404
acknowledge                  neg     302 405 405 405 405 405 405  302 302 302 404 404 404 404
agreement                    neg     302 200 200 404 404 404 404  302 200 200 404 404 404 404
start                        neg     302 405 405 405 405 405 405  302 302 302 404 404 404 404
edit                         neg     302 200 200 404 404 404 404  302 200 200 404 404 404 404
sign                         neg     302 405 405 405 405 405 405  302 400 400 404 404 404 404
amend                        enab    302 405 405 405 405 405 405  302 302 302 404 404 404 404
versions                     enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404
version                      ver     302 200 200 404 404 404 404  302 200 200 404 404 404 404
# The program keeps signed agreements on file: its coordinator downloads the PDF.
version_pdf                  ver     302 200 200 404 200 404 404  302 200 200 404 200 404 404

[enabling]
action_plan                  enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404
action_plan_pdf              enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404
save_section                 goal1   302 405 405 405 405 405 405  302 400 400 404 404 404 404
add_step                     steps   302 405 405 405 405 405 405  302 400 400 404 404 404 404
# Without htmx, the row is the plan page.
step                         step    302 302 302 404 404 404 404  302 302 302 404 404 404 404
edit_step                    step    302 200 200 404 404 404 404  302 400 400 404 404 404 404
remove_step                  step    302 405 405 405 405 405 405  302 302 302 404 404 404 404
# The mentee's step: only its owner ticks it.
tick_step                    step    302 405 405 405 405 405 405  302 302 403 404 404 404 404
check_in                     enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404

[health]
# The world's pair in Enabling has held a meeting: its fit check is open to its members only.
fit_check                    enab    302 200 200 404 404 404 404  302 400 400 404 404 404 404
# An empty POST does not tick "end it now": the page again, 400.
end_not_a_fit                enab    302 405 405 405 405 405 405  302 400 400 404 404 404 404
# The world's pairs started today: no pulse survey is open yet (a message, 302).
pulse                        enab    302 200 200 404 404 404 404  302 302 302 404 404 404 404
closing_feedback             clos    302 200 200 404 404 404 404  302 400 400 404 404 404 404

[reports]
program_health               prog    302 404 404 404 200 404 404  302 405 405 405 405 405 405
program_health_csv           prog    302 404 404 404 200 404 404  302 405 405 405 405 405 405
program_health_pdf           prog    302 404 404 404 200 404 404  302 405 405 405 405 405 405
# Across every program: staff only.
all_programs_health          -       302 403 403 403 403 403 200  302 405 405 405 405 405 405
all_programs_health_csv      -       302 403 403 403 403 403 200  302 405 405 405 405 405 405

[meetings]
meetings                     enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404
schedule                     enab    302 200 200 404 404 404 404  302 200 200 404 404 404 404
log_meeting                  enab    302 200 200 404 404 404 404  302 400 400 404 404 404 404
meeting                      meet    302 200 200 404 404 404 404  302 200 200 404 404 404 404
reschedule                   meet    302 200 200 404 404 404 404  302 400 400 404 404 404 404
# The mentee prepares the agenda. An empty POST names no question: 404.
save_agenda                  meet    302 405 405 405 405 405 405  302 302 403 404 404 404 404
add_question                 meet    302 405 405 405 405 405 405  302 404 403 404 404 404 404
remove_question              quest   302 405 405 405 405 405 405  302 302 403 404 404 404 404
meeting_kick_starters        meet    302 200 200 404 404 404 404  302 200 200 404 404 404 404
save_notes                   meet    302 405 405 405 405 405 405  302 400 400 404 404 404 404
mark_held                    meet    302 405 405 405 405 405 405  302 302 302 404 404 404 404
cancel                       meet    302 405 405 405 405 405 405  302 302 302 404 404 404 404
meeting_ics                  meet    302 200 200 404 404 404 404  302 200 200 404 404 404 404
reflection                   held    302 200 200 404 404 404 404  302 400 400 404 404 404 404
share_reflection             held    302 405 405 405 405 405 405  302 302 302 404 404 404 404
unshare_reflection           held    302 405 405 405 405 405 405  302 302 302 404 404 404 404
kick_starters                -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
calendar                     -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
renew_feed                   -       302 405 405 405 405 405 405  302 302 302 302 302 302 302
stop_feed                    -       302 405 405 405 405 405 405  302 302 302 302 302 302 302
# The mentee's secret feed URL: whoever holds it reads it, signed in or not.
feed                         feed    200 200 200 200 200 200 200  405 405 405 405 405 405 405

[closure]
# Everyone's own past pairs.
history                      -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
closure                      clos    302 200 200 404 404 404 404  302 200 200 404 404 404 404
propose                      enab    302 405 405 405 405 405 405  302 400 400 404 404 404 404
confirm                      prop    302 405 405 405 405 405 405  302 302 302 404 404 404 404
decline                      prop    302 405 405 405 405 405 405  302 302 302 404 404 404 404
withdraw                     prop    302 405 405 405 405 405 405  302 302 302 404 404 404 404
outcome                      goal    302 405 405 405 405 405 405  302 400 400 404 404 404 404
reflection                   clos    302 405 405 405 405 405 405  302 400 400 404 404 404 404
# The mentee thanks, and offers to mentor others.
thanks                       clos    302 405 405 405 405 405 405  302 400 403 404 404 404 404
offer_to_mentor              clos    302 405 405 405 405 405 405  302 302 403 404 404 404 404
# An empty POST does not say "I understand": the page again, with the message by the box.
complete                     clos    302 405 405 405 405 405 405  302 400 400 404 404 404 404
certificate                  ended   302 200 200 404 404 404 404  302 200 200 404 404 404 404
portfolio                    ended   302 200 200 404 404 404 404  302 200 200 404 404 404 404
# The one closure page of the coordinator; an empty POST is read as a GET.
coordinator_close            enab    302 404 404 404 200 404 404  302 404 404 404 200 404 404

[dashboard]
program                      prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
export                       prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
mark_help_dealt_with         enab    302 405 405 405 405 405 405  302 404 404 404 302 404 404

[enrolment]
# A program's people. An empty POST invites nobody and removes nobody (no confirmation).
participants                 prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
invite_person                prog    302 404 404 404 200 404 404  302 404 404 404 400 404 404
remove_participant           part    302 404 404 404 200 404 404  302 404 404 404 400 404 404
# Co-coordinators. Removing the only coordinator is refused with a message (302); the world's
# personas have no invitation to coordinate, so answering one is a 404 to all.
coordinators                 prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
invite_coordinator           prog    302 405 405 405 405 405 405  302 404 404 404 400 404 404
remove_coordinator           coord   302 405 405 405 405 405 405  302 404 404 404 302 404 404
accept_coordination          prog    302 405 405 405 405 405 405  302 404 404 404 404 404 404
decline_coordination         prog    302 405 405 405 405 405 405  302 404 404 404 404 404 404
invite                       prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
invite_example               prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
resend_invitations           prog    302 405 405 405 405 405 405  302 404 404 404 302 404 404
# An invitation is its invited person's own (the mentee's), not even its coordinator's.
invitations                  -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
accept_invitation            invit   302 405 405 405 405 405 405  302 302 404 404 404 404 404
decline_invitation           invit   302 405 405 405 405 405 405  302 302 404 404 404 404 404
requests                     prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
approval_setting             prog    302 405 405 405 405 405 405  302 404 404 404 302 404 404
approve_request              appr    302 405 405 405 405 405 405  302 404 404 404 302 404 404
decline_request              appr    302 404 404 404 200 404 404  302 404 404 404 302 404 404
# The program's join link: its coordinators set it up; an empty POST makes one (or saves its
# limits). Whoever holds the link opens it, signed in or not; signed out, a POST asks to sign in.
join_link                    prog    302 404 404 404 200 404 404  302 404 404 404 302 404 404
renew_join_link              prog    302 405 405 405 405 405 405  302 404 404 404 302 404 404
revoke_join_link             prog    302 405 405 405 405 405 405  302 404 404 404 302 404 404
joins                        prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
approve_join                 joinreq 302 405 405 405 405 405 405  302 404 404 404 302 404 404
decline_join                 joinreq 302 405 405 405 405 405 405  302 404 404 404 302 404 404
join                         joinlink 200 200 200 200 200 200 200  302 200 200 200 200 200 200

[privacy]
# Everyone's own copies of their data; an empty POST asks for one (and says so).
your_data                    -       302 200 200 200 200 200 200  302 302 302 302 302 302 302
# The mentee's copy: theirs alone, staff included.
download_export              export  302 200 404 404 404 404 404  302 405 405 405 405 405 405
# Everyone may delete their own account; an empty POST re-renders the form (the program's only
# coordinator and the only administrator are told why not).
delete_account               -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
# The goodbye page, after signing out.
account_deleted              -       200 200 200 200 200 200 200  405 405 405 405 405 405 405

[reminders]
preferences                  -       302 200 200 200 200 200 200  302 200 200 200 200 200 200
# The signed link in a reminder email: no sign-in; a GET only asks, a POST turns it off.
opt_out                      optout  200 200 200 200 200 200 200  302 302 302 302 302 302 302

[design]
# The styleguide is for staff, like the access log; the accessibility statement for everyone.
styleguide                   -       302 403 403 403 403 403 200  302 405 405 405 405 405 405
accessibility                -       200 200 200 200 200 200 200  405 405 405 405 405 405 405

[branding]
# The logo and the colours stylesheet, public as the sign-in page shows them (a 404 without a
# logo or a colour: tests/test_branding.py).
logo                         -       200 200 200 200 200 200 200  405 405 405 405 405 405 405
colours                      -       200 200 200 200 200 200 200  405 405 405 405 405 405 405

[operations]
# For load balancers, open to all; 503 here because no task worker beats in this world
# (tests/test_operations.py has the healthy answer).
healthz                      -       503 503 503 503 503 503 503  405 405 405 405 405 405 405

[audit]
# The access log and its CSV: staff only, like creating programs (403 for others).
log                          -       302 403 403 403 403 403 200  302 403 403 403 403 403 200
log_csv                      -       302 403 403 403 403 403 200  302 403 403 403 403 403 200

[sso]
# The staff's: identity providers, and a test's result (the world has none: the page says so).
providers                    -       302 403 403 403 403 403 200  302 405 405 405 405 405 405
tested                       idp     302 403 403 403 403 403 200  302 405 405 405 405 405 405
# Called by the provider's server, without a session: an empty POST holds no logout token.
backchannel_logout           idp     405 405 405 405 405 405 405  400 400 400 400 400 400 400

[provisioning]
# The program's coordinators name its directory groups; an empty POST re-renders the form.
directory_groups             prog    302 404 404 404 200 404 404  302 404 404 404 200 404 404
remove_directory_group       pgroup  302 405 405 405 405 405 405  302 404 404 404 302 404 404

[scim]
# Called by a directory with a provisioning token, never with a session: 401 to everyone.
root                         -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
users                        -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
groups                       -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
search                       -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
me                           -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
bulk                         -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
service-provider-config      -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
resource-types               -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
schemas                      -       401 401 401 401 401 401 401  401 401 401 401 401 401 401
"""


class Row(typing.NamedTuple):
    kwargs: typing.Callable  # world -> the URL's kwargs
    get: dict[str, int]  # persona -> status
    post: dict[str, int]


def parse(table: str) -> dict[str, Row]:
    rows, namespace = {}, ""
    for line in table.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("["):
            namespace = line.strip("[]")
        elif line:
            name, objects, *statuses = line.split()
            assert len(statuses) == 2 * len(PERSONAS), f"{name}: one status per persona, twice"
            full = f"{namespace}:{name}" if namespace else name
            assert full not in rows, f"{full} has two rows"
            codes = [int(status) for status in statuses]
            gets, posts = codes[: len(PERSONAS)], codes[len(PERSONAS) :]
            rows[full] = Row(
                KWARGS[objects],
                dict(zip(PERSONAS, gets, strict=True)),
                dict(zip(PERSONAS, posts, strict=True)),
            )
    return rows


ROWS = parse(MATRIX)
