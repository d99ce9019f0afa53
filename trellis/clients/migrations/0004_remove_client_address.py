from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_parse_addresses"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='client',
            name='address',
        ),
    ]
