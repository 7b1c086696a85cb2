"""Answers become counters; release becomes a recorded fact; a released round becomes final in PostgreSQL too.

Every response and answer row moves into counters (per round, question, kind of respondent and value) and comments
of their own, written in a random order; every figure the portal showed stays the same (tests/test_migrations.py).
A round already closed, or past its closing date, with enough respondents is recorded as released.
"""

import datetime
import random
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

AGREEMENT = [4, 3, 2, 1]
EVALUATION = [6, 5, 4, 3, 2, 1]
SCALES = {"likert4": AGREEMENT, "scale6": EVALUATION}
RESPONDENT_KINDS = ["local_authority", "education_scotland", "ades", "other"]
STAKEHOLDER_ROLES = ["head_teacher", "school_staff", "partner", "pupils_group", "parents_group", "other_stakeholder"]
OLD_STAKEHOLDER_INTRODUCTION = (
    "Your views help the visit's team understand the area before they arrive. "
    "Answers are anonymous: no name, email or address is asked for or kept."
)
STAKEHOLDER_INTRODUCTION = (
    "Your views help the visit's team understand the area before they arrive. Answers are anonymous: no name or "
    "email is asked for, and your network address is kept only as a code, for an hour, to limit repeated answers."
)


def _closing_moment(closes_on):
    return timezone.make_aware(datetime.datetime.combine(closes_on + datetime.timedelta(days=1), datetime.time.min))


def answers_to_counters(apps, schema_editor):
    SurveyRound, Response, Answer, Questionnaire = (
        apps.get_model("surveys", name) for name in ("SurveyRound", "Response", "Answer", "Questionnaire")
    )
    AnswerCounter, RespondentCounter, TextAnswer = (
        apps.get_model("surveys", name) for name in ("AnswerCounter", "RespondentCounter", "TextAnswer")
    )
    today = timezone.localdate()
    shuffle = random.SystemRandom().shuffle
    for survey_round in SurveyRound.objects.select_related("questionnaire"):
        kinds = STAKEHOLDER_ROLES if survey_round.open_token else RESPONDENT_KINDS
        questions = list(survey_round.questionnaire.questions.order_by("position"))
        counts, respondents, comments = {}, dict.fromkeys(kinds, 0), []
        answered = set()
        for response_id, kind, question_id, value, text, moderation in Answer.objects.filter(
            response__survey_round=survey_round
        ).values_list("response_id", "response__respondent_kind", "question_id", "value", "text", "moderation"):
            question = next(q for q in questions if q.pk == question_id)
            if question.kind in SCALES and value is not None:
                counts[question_id, kind, value] = counts.get((question_id, kind, value), 0) + 1
            elif question.kind == "choice" and text in question.options:
                index = question.options.index(text)
                counts[question_id, kind, index] = counts.get((question_id, kind, index), 0) + 1
            elif question.kind == "text" and text:
                comments.append(TextAnswer(id=uuid.uuid4(), survey_round=survey_round, question_id=question_id,
                                           text=text, moderation=moderation))
            else:
                continue
            if response_id not in answered:
                answered.add(response_id)
                respondents[kind] = respondents.get(kind, 0) + 1
        RespondentCounter.objects.bulk_create(
            [RespondentCounter(survey_round=survey_round, respondent_kind=kind, count=n) for kind, n in respondents.items()]
        )
        grid = []
        for question in questions:
            values = SCALES.get(question.kind) or (range(len(question.options)) if question.kind == "choice" else [])
            for kind in respondents:
                grid += [
                    AnswerCounter(survey_round=survey_round, question=question, respondent_kind=kind, value=value,
                                  count=counts.get((question.pk, kind, value), 0))
                    for value in values
                ]
        AnswerCounter.objects.bulk_create(grid)
        shuffle(comments)
        TextAnswer.objects.bulk_create(comments)
        closed = survey_round.closed_at is not None or survey_round.closes_on < today
        if closed and sum(respondents.values()) >= settings.SURVEY_MIN_GROUP:
            closed_at = survey_round.closed_at or _closing_moment(survey_round.closes_on)
            SurveyRound.objects.filter(pk=survey_round.pk).update(closed_at=closed_at, released_at=timezone.now())
    Questionnaire.objects.filter(slug="pre-visit-stakeholder-views", introduction=OLD_STAKEHOLDER_INTRODUCTION).update(
        introduction=STAKEHOLDER_INTRODUCTION
    )


# A released round is final (surveys/models.py says why): PostgreSQL refuses, whoever asks, to reopen it, move its
# dates or scope, delete it, or add, change or remove its counters, its completions or its comments (a comment's
# moderation and wording may change: officers moderate, and erasure removes names typed into it). The round is
# checked row by row; the rest once per statement, over the rows it wrote, since a submission rewrites every counter.
POSTGRESQL_TRIGGERS = """
CREATE FUNCTION surveys_refuse(round_ids bigint[]) RETURNS void AS $$
DECLARE released bigint;
BEGIN
    SELECT id INTO released FROM surveys_surveyround WHERE id = ANY(round_ids) AND released_at IS NOT NULL LIMIT 1;
    IF released IS NOT NULL THEN
        RAISE EXCEPTION 'survey round % has released its results: it is final', released;
    END IF;
END $$ LANGUAGE plpgsql;

-- Counters and comments are written by the release itself, while the round still holds sealed responses to open.
CREATE FUNCTION surveys_refuse_counted(round_ids bigint[]) RETURNS void AS $$
DECLARE counted bigint;
BEGIN
    SELECT r.id INTO counted FROM surveys_surveyround r
     WHERE r.id = ANY(round_ids) AND r.released_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM surveys_sealedresponse s WHERE s.survey_round_id = r.id)
     LIMIT 1;
    IF counted IS NOT NULL THEN
        RAISE EXCEPTION 'survey round % has released its results: it is final', counted;
    END IF;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION surveys_counts_are_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM surveys_refuse_counted(ARRAY(SELECT DISTINCT survey_round_id FROM old_rows));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM surveys_refuse_counted(ARRAY(SELECT DISTINCT survey_round_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION surveys_round_is_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (
        OLD.released_at IS DISTINCT FROM NEW.released_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
        OR OLD.opens_on IS DISTINCT FROM NEW.opens_on OR OLD.closes_on IS DISTINCT FROM NEW.closes_on
        OR OLD.questionnaire_id IS DISTINCT FROM NEW.questionnaire_id OR OLD.visit_id IS DISTINCT FROM NEW.visit_id
        OR OLD.phase_id IS DISTINCT FROM NEW.phase_id OR OLD.programme_id IS DISTINCT FROM NEW.programme_id
        OR OLD.open_token IS DISTINCT FROM NEW.open_token OR OLD.follows_id IS DISTINCT FROM NEW.follows_id
        OR OLD.cohort IS DISTINCT FROM NEW.cohort OR OLD.created_by_id IS DISTINCT FROM NEW.created_by_id
    ) THEN
        PERFORM surveys_refuse(ARRAY[OLD.id]);
    END IF;
    RETURN COALESCE(NEW, OLD);
END $$ LANGUAGE plpgsql;

CREATE FUNCTION surveys_rows_are_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM surveys_refuse(ARRAY(SELECT DISTINCT survey_round_id FROM old_rows));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM surveys_refuse(ARRAY(SELECT DISTINCT survey_round_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION surveys_comments_stay() RETURNS trigger AS $$
BEGIN
    PERFORM surveys_refuse_counted(ARRAY(
        SELECT o.survey_round_id FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE o.survey_round_id <> n.survey_round_id OR o.question_id <> n.question_id
    ));
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION surveys_completions_are_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM surveys_refuse(ARRAY(
            SELECT i.survey_round_id FROM new_rows c JOIN surveys_invitation i ON i.id = c.invitation_id));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM surveys_refuse(ARRAY(
            SELECT i.survey_round_id FROM old_rows c JOIN surveys_invitation i ON i.id = c.invitation_id));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION surveys_invitations_stay() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM surveys_refuse(ARRAY(SELECT survey_round_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM surveys_refuse(ARRAY(SELECT survey_round_id FROM old_rows));
    ELSE  -- a link cleared or a time recorded may change; whose invitation it is, and to which round, may not
        PERFORM surveys_refuse(ARRAY(
            SELECT o.survey_round_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.survey_round_id <> n.survey_round_id OR o.person_id <> n.person_id
        ));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER surveys_round_is_final BEFORE UPDATE OR DELETE ON surveys_surveyround
    FOR EACH ROW EXECUTE FUNCTION surveys_round_is_final();
CREATE TRIGGER surveys_invitation_insert AFTER INSERT ON surveys_invitation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_invitations_stay();
CREATE TRIGGER surveys_invitation_update AFTER UPDATE ON surveys_invitation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_invitations_stay();
CREATE TRIGGER surveys_invitation_delete AFTER DELETE ON surveys_invitation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_invitations_stay();
"""
for table in ("answercounter", "respondentcounter"):
    POSTGRESQL_TRIGGERS += f"""
CREATE TRIGGER surveys_{table}_insert AFTER INSERT ON surveys_{table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_counts_are_final();
CREATE TRIGGER surveys_{table}_update AFTER UPDATE ON surveys_{table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_counts_are_final();
CREATE TRIGGER surveys_{table}_delete AFTER DELETE ON surveys_{table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_counts_are_final();
"""
POSTGRESQL_TRIGGERS += """
CREATE TRIGGER surveys_sealedresponse_insert AFTER INSERT ON surveys_sealedresponse
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_rows_are_final();
CREATE TRIGGER surveys_textanswer_insert AFTER INSERT ON surveys_textanswer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_counts_are_final();
CREATE TRIGGER surveys_textanswer_update AFTER UPDATE ON surveys_textanswer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_comments_stay();
CREATE TRIGGER surveys_textanswer_delete AFTER DELETE ON surveys_textanswer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_counts_are_final();
CREATE TRIGGER surveys_completion_insert AFTER INSERT ON surveys_completion
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_completions_are_final();
CREATE TRIGGER surveys_completion_update AFTER UPDATE ON surveys_completion
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_completions_are_final();
CREATE TRIGGER surveys_completion_delete AFTER DELETE ON surveys_completion
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION surveys_completions_are_final();
"""
DROP_POSTGRESQL_TRIGGERS = """
DROP FUNCTION IF EXISTS surveys_invitations_stay() CASCADE;
DROP FUNCTION IF EXISTS surveys_completions_are_final() CASCADE;
DROP FUNCTION IF EXISTS surveys_comments_stay() CASCADE;
DROP FUNCTION IF EXISTS surveys_rows_are_final() CASCADE;
DROP FUNCTION IF EXISTS surveys_counts_are_final() CASCADE;
DROP FUNCTION IF EXISTS surveys_refuse_counted(bigint[]);
DROP FUNCTION IF EXISTS surveys_round_is_final() CASCADE;
DROP FUNCTION IF EXISTS surveys_refuse(bigint[]);
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: the functions' messages hold a %

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0011_follow_up_months'),
        ('surveys', '0010_question_rubric'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AnswerCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('respondent_kind', models.CharField(max_length=30)),
                ('value', models.SmallIntegerField()),
                ('count', models.PositiveIntegerField(default=0)),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answer_counters', to='surveys.question')),
                ('survey_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answer_counters', to='surveys.surveyround')),
            ],
            options={
                'ordering': ['survey_round', 'question__position', 'respondent_kind', '-value'],
                'constraints': [models.UniqueConstraint(models.F('survey_round'), models.F('question'), models.F('respondent_kind'), models.F('value'), name='answer_counter_once_per_answer')],
            },
        ),
        migrations.CreateModel(
            name='RespondentCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('respondent_kind', models.CharField(max_length=30)),
                ('count', models.PositiveIntegerField(default=0)),
                ('survey_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='respondent_counters', to='surveys.surveyround')),
            ],
            options={
                'ordering': ['survey_round', 'respondent_kind'],
                'constraints': [models.UniqueConstraint(models.F('survey_round'), models.F('respondent_kind'), name='respondent_counter_once_per_kind')],
            },
        ),
        migrations.CreateModel(
            name='SealedResponse',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('sealed', models.BinaryField()),
                ('survey_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sealed_responses', to='surveys.surveyround')),
            ],
        ),
        migrations.CreateModel(
            name='TextAnswer',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('text', models.TextField()),
                ('moderation', models.CharField(choices=[('pending', 'Waiting for moderation'), ('published', 'Published'), ('hidden', 'Hidden')], default='pending', max_length=20)),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='text_answers', to='surveys.question')),
                ('survey_round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='text_answers', to='surveys.surveyround')),
            ],
            options={
                'ordering': ['question__position', 'id'],
            },
        ),
        migrations.AddField(
            model_name='surveyround',
            name='released_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name='surveyround',
            constraint=models.CheckConstraint(condition=models.Q(('released_at__isnull', True), ('closed_at__isnull', False), _connector='OR'), name='survey_round_released_only_once_closed'),
        ),
        migrations.RunPython(answers_to_counters, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='Answer',
        ),
        migrations.DeleteModel(
            name='Response',
        ),
        migrations.RunPython(_on_postgresql(POSTGRESQL_TRIGGERS), _on_postgresql(DROP_POSTGRESQL_TRIGGERS)),
    ]
