from django.db import migrations

CHARACTERISTICS = [
    ("Age", "statutory", False, "People of a particular age or age range, younger and older."),
    (
        "Disability",
        "statutory",
        False,
        "People with physical or mental impairments that have a substantial and long-term effect on day-to-day activities, including hidden and fluctuating conditions.",
    ),
    (
        "Gender reassignment",
        "statutory",
        False,
        "People proposing to undergo, undergoing or having undergone a process to reassign their sex.",
    ),
    (
        "Marriage and civil partnership",
        "statutory",
        True,
        "People who are married or in a civil partnership. Assessed against aim 1 (eliminating discrimination) only.",
    ),
    (
        "Pregnancy and maternity",
        "statutory",
        False,
        "People who are pregnant, on maternity leave or who have given birth in the last 26 weeks, including breastfeeding.",
    ),
    (
        "Race",
        "statutory",
        False,
        "People defined by colour, nationality, or ethnic or national origins, including Gypsy, Roma and Traveller communities and people who do not speak English well.",
    ),
    (
        "Religion or belief",
        "statutory",
        False,
        "People of any religion or philosophical belief, or of none.",
    ),
    ("Sex", "statutory", False, "Women and men, girls and boys."),
    ("Sexual orientation", "statutory", False, "Lesbian, gay, bisexual and heterosexual people."),
    (
        "Poverty (socio-economic disadvantage)",
        "local",
        False,
        "People in worse social and economic circumstances than others: low income, little or no wealth, material deprivation, or living in a deprived area. Think of communities of interest (for example lone parents, carers, people on benefits) and communities of place (the most deprived neighbourhoods).",
    ),
    (
        "Armed Forces community",
        "local",
        False,
        "Serving regular and reserve personnel, veterans, their families and the bereaved.",
    ),
]


def add_characteristics(apps, schema_editor):
    Characteristic = apps.get_model("eqia", "Characteristic")
    for position, (name, kind, aim_one_only, description) in enumerate(CHARACTERISTICS, start=1):
        Characteristic.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "aim_one_only": aim_one_only,
                "description": description,
                "position": position * 10,
            },
        )


def remove_characteristics(apps, schema_editor):
    names = [name for name, *_ in CHARACTERISTICS]
    apps.get_model("eqia", "Characteristic").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("eqia", "0001_assessment")]

    operations = [migrations.RunPython(add_characteristics, remove_characteristics)]
