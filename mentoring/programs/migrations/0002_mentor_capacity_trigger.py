"""A database rule: a mentor's open mentorships never exceed their capacity.

A CHECK constraint cannot count other rows, so a trigger holds the rule for every writer
(the app, the admin, a shell). On PostgreSQL it locks the mentor's row first, so two
transactions cannot both take the last place.
"""

from django.db import migrations

POSTGRESQL_CREATE = """
CREATE FUNCTION programs_mentorship_within_capacity() RETURNS trigger AS $$
DECLARE
    capacity integer;
    open_pairs integer;
BEGIN
    IF NEW.ended_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.ended_at IS NULL AND OLD.mentor_id = NEW.mentor_id THEN
        RETURN NEW;
    END IF;
    SELECT mentee_capacity INTO capacity FROM accounts_user
        WHERE id = NEW.mentor_id FOR UPDATE;
    SELECT count(*) INTO open_pairs FROM programs_mentorship
        WHERE mentor_id = NEW.mentor_id AND ended_at IS NULL AND id <> NEW.id;
    IF open_pairs >= capacity THEN
        RAISE EXCEPTION 'mentor % has no capacity for another open mentorship', NEW.mentor_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_mentorship_within_capacity
    BEFORE INSERT OR UPDATE OF mentor_id, ended_at ON programs_mentorship
    FOR EACH ROW EXECUTE FUNCTION programs_mentorship_within_capacity();
"""

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS programs_mentorship_within_capacity ON programs_mentorship;
DROP FUNCTION IF EXISTS programs_mentorship_within_capacity();
"""

SQLITE_CREATE = [
    """
    CREATE TRIGGER programs_mentorship_within_capacity_insert
    BEFORE INSERT ON programs_mentorship
    WHEN NEW.ended_at IS NULL AND (
        SELECT count(*) FROM programs_mentorship
        WHERE mentor_id = NEW.mentor_id AND ended_at IS NULL
    ) >= (SELECT mentee_capacity FROM accounts_user WHERE id = NEW.mentor_id)
    BEGIN
        SELECT RAISE(ABORT, 'mentor has no capacity for another open mentorship');
    END
    """,
    """
    CREATE TRIGGER programs_mentorship_within_capacity_update
    BEFORE UPDATE OF mentor_id, ended_at ON programs_mentorship
    WHEN NEW.ended_at IS NULL
        AND (OLD.ended_at IS NOT NULL OR OLD.mentor_id <> NEW.mentor_id)
        AND (
            SELECT count(*) FROM programs_mentorship
            WHERE mentor_id = NEW.mentor_id AND ended_at IS NULL AND id <> NEW.id
        ) >= (SELECT mentee_capacity FROM accounts_user WHERE id = NEW.mentor_id)
    BEGIN
        SELECT RAISE(ABORT, 'mentor has no capacity for another open mentorship');
    END
    """,
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS programs_mentorship_within_capacity_insert",
    "DROP TRIGGER IF EXISTS programs_mentorship_within_capacity_update",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No mentor capacity trigger for {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run({"postgresql": [POSTGRESQL_CREATE], "sqlite": SQLITE_CREATE}),
            run({"postgresql": [POSTGRESQL_DROP], "sqlite": SQLITE_DROP}),
        ),
    ]
