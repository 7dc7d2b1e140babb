"""Event attachments share the abstract PDF attachment model of practices: they keep
their size in a column, filled here from the stored files."""

from django.db import migrations, models


def fill_sizes(apps, schema_editor):
    EventAttachment = apps.get_model("events", "EventAttachment")
    for attachment in EventAttachment.objects.exclude(file="").iterator():
        try:
            size = attachment.file.size
        except (OSError, ValueError):
            continue
        EventAttachment.objects.filter(pk=attachment.pk).update(size=size)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_notices_meeting_link_english"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventattachment",
            name="size",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="size in bytes"
            ),
        ),
        migrations.RunPython(fill_sizes, reverse_code=migrations.RunPython.noop),
    ]
