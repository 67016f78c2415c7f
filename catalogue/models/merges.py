"""Where merged records went: a duplicate merged into another record leaves its id and slug
behind, so that old links and citations elsewhere still lead to the record that was kept."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class MergedRecord(models.Model):
    """A record that was merged into another and deleted: its old id and slug now lead to the kept record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    old_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=255, blank=True)
    old_label = models.CharField(max_length=255, help_text="How the merged record was shown.")
    kept_id = models.PositiveBigIntegerField(help_text="The record it was merged into.")
    merged_at = models.DateTimeField(default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_id"], name="catalogue_mergedrecord_unique_old_id"),
        ]
        indexes = [models.Index(fields=["content_type", "old_slug"], name="catalogue_merged_old_slug")]

    def __str__(self):
        return f"{self.old_label} (#{self.old_id}), merged into #{self.kept_id}"

    @property
    def kept(self):
        return self.content_type.get_object_for_this_type(pk=self.kept_id)
