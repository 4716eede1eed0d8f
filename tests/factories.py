import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from mentoring.programs.models import Mentorship, Participant, Program

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    job_title = "Manager"
    department = "Vancouver General"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class MentorFactory(UserFactory):
    open_to_mentoring = True
    mentee_capacity = 3
    expertise = "Leadership, Operations"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Leadership Program {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))

    @factory.post_generation
    def coordinators(program, create, extracted, **kwargs):
        if create and extracted:
            program.coordinators.add(*extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    role = Participant.Role.MENTEE


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A pair whose mentor and mentee are enrolled in the program with their roles."""

    class Meta:
        model = Mentorship

    program = factory.SubFactory(ProgramFactory)
    mentor = factory.SubFactory(MentorFactory)
    mentee = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        program, mentor, mentee = kwargs["program"], kwargs["mentor"], kwargs["mentee"]
        Participant.objects.get_or_create(
            program=program, user=mentor, role=Participant.Role.MENTOR
        )
        Participant.objects.get_or_create(
            program=program, user=mentee, role=Participant.Role.MENTEE
        )
        return super()._create(model_class, *args, **kwargs)
