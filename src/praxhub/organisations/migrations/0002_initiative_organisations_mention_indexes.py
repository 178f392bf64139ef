"""Who runs an initiative (Initiative.organisations), and covering indexes for the directory's
"documents mentioning X" at 100k documents. Databases that already hold registry initiatives
get their owners linked here; later ingests link them through
praxhub.organisations.services.sync_registry_facts."""

from django.db import migrations, models


def link_registry_owners(apps, schema_editor):
    from praxhub.extract import initiatives as initiative_registry
    from praxhub.extract import registry

    organisation_model = apps.get_model("organisations", "Organisation")
    initiative_model = apps.get_model("organisations", "Initiative")
    for initiative in initiative_model.objects.filter(origin="registry"):
        entry = initiative_registry.get(initiative.slug)
        if entry is None or not entry.owner:
            continue
        owner = organisation_model.objects.filter(slug=entry.owner).first()
        if owner is not None and owner.merged_into_id is not None:
            owner = organisation_model.objects.get(pk=owner.merged_into_id)
        if owner is not None:
            initiative.organisations.add(owner)
    for organisation in organisation_model.objects.filter(origin="registry", sector=""):
        body = registry.get(organisation.slug)
        if body is not None:
            organisation.sector = body.sector
            organisation.save(update_fields=["sector"])


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
        ('organisations', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='initiative',
            name='organisations',
            field=models.ManyToManyField(blank=True, related_name='initiatives', to='organisations.organisation'),
        ),
        migrations.AddIndex(
            model_name='mention',
            index=models.Index(fields=['organisation', 'document'], name='mention_org_document'),
        ),
        migrations.AddIndex(
            model_name='mention',
            index=models.Index(fields=['initiative', 'document'], name='mention_initiative_document'),
        ),
        migrations.RunPython(link_registry_owners, migrations.RunPython.noop),
    ]
