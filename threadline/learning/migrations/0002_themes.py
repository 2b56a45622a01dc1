"""The themes findings start with: the nine areas of seed 000 §9 and practice themes the seeds
name. Written out here (not imported) so the migration stays as it was when it ran."""

from django.db import migrations

THEMES = (
    # The nine areas (seed 000 §9; threadline/reviews/domain/considerations.py).
    ("diversity-and-disproportionality", "Diversity and disproportionality", "seed 000 §9.2-9.3"),
    ("lived-experience", "The child's behaviour and lived experience", "seed 000 §9.4-9.5"),
    ("voice-of-the-child", "Voice of the child", "seed 000 §9.6"),
    ("staffing-and-workload", "Staffing and workload", "seed 000 §9.7"),
    ("skills-and-knowledge", "Skills and knowledge", "seed 000 §9.8"),
    ("partnership-working", "Partnership and services", "seed 000 §9.9"),
    ("strengths", "Strengths and protective factors", "seed 000 §9.10"),
    ("good-practice", "Good practice", "seed 000 §9.11"),
    ("management-oversight", "Management oversight", "seed 000 §9.12-9.13"),
    # Practice themes the seeds name.
    ("information-sharing", "Information sharing", "seed 002"),
    ("exploitation", "Child exploitation", "seed 000 §9.5; seeds 001, 002"),
    ("neglect", "Neglect", "seed 001"),
    ("mental-health", "Mental health", "seed 000 §9.3; seed 002"),
    ("education-and-exclusion", "Education and exclusion", "seed 002"),
    ("transitions", "Transitions between services", "seed 001"),
    ("risk-assessment", "Risk assessment and management", "seed 000 §9.4"),
    ("professional-curiosity", "Professional curiosity", "seed 000"),
    ("escalation", "Escalation", "seed 003"),
    ("drugs-and-alcohol", "Drugs and alcohol", "seed 000 §9.4; seed 002"),
    ("self-harm", "Self-harm", "seed 000 §9.4; seed 002"),
    ("trauma", "Trauma-informed practice", "seeds 000, 002, 004"),
)


def add_themes(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    for order, (key, name, source) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(key=key, defaults={"name": name, "source": source, "order": order})


def remove_unused_themes(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    Theme.objects.filter(key__in=[key for key, _, _ in THEMES], findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(add_themes, remove_unused_themes)]
