"""Certificates outlive a deleted account (withdrawn, without personal data), and a
name change records who asked, its status and who decided.

The name changes made so far were all made at once by the certificate's holder.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def asked_by_the_holder(apps, schema_editor):
    NameChange = apps.get_model("certificates", "CertificateNameChange")
    Certificate = apps.get_model("certificates", "Certificate")
    NameChange.objects.filter(requested_by__isnull=True).update(
        requested_by=models.Subquery(
            Certificate.objects.filter(pk=models.OuterRef("certificate")).values(
                "user"
            )[:1]
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='certificatenamechange',
            options={'ordering': ['changed_at', 'pk'], 'verbose_name': 'name change', 'verbose_name_plural': 'name changes'},
        ),
        migrations.AddField(
            model_name='certificate',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn by its holder'),
        ),
        migrations.AddField(
            model_name='certificatenamechange',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='decided at'),
        ),
        migrations.AddField(
            model_name='certificatenamechange',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
        ),
        migrations.AddField(
            model_name='certificatenamechange',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='asked by'),
        ),
        migrations.AddField(
            model_name='certificatenamechange',
            name='status',
            field=models.CharField(choices=[('applied', 'Corrected at once'), ('pending', 'Waiting for a trainer'), ('approved', 'Approved by a trainer'), ('rejected', 'Rejected by a trainer')], default='applied', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='certificates', to=settings.AUTH_USER_MODEL, verbose_name='participant'),
        ),
        migrations.AlterField(
            model_name='certificatenamechange',
            name='certificate',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='name_changes', to='certificates.certificate', verbose_name='certificate'),
        ),
        migrations.AlterField(
            model_name='certificatenamechange',
            name='changed_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked at'),
        ),
        migrations.AlterField(
            model_name='certificatenamechange',
            name='new_name',
            field=models.CharField(max_length=150, verbose_name='new name'),
        ),
        migrations.AlterField(
            model_name='certificatenamechange',
            name='old_name',
            field=models.CharField(max_length=150, verbose_name='old name'),
        ),
        migrations.AddConstraint(
            model_name='certificatenamechange',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('certificate',), name='one_pending_name_change_per_certificate'),
        ),
        # Last: on PostgreSQL no table may be altered after rows of it were updated in
        # the same transaction.
        migrations.RunPython(asked_by_the_holder, migrations.RunPython.noop),
    ]
