from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataexport",
            name="failure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("disk_full", "there was no room left on our server to store it"),
                    ("error", "something went wrong while we prepared it"),
                    ("stopped", "its preparation stopped before it was finished"),
                ],
                max_length=10,
            ),
        ),
    ]
