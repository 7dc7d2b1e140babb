"""What the API shows of each published thing. Fields are listed one by one: a new model
field (a contact, a meeting link, a note) stays private until it is added here."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.links import absolute_url
from events.models import Article, Event, EventAttachment, Session, Speaker
from members.models import Member, OfficerTerm, Position, Province
from practices.models import (
    SDG,
    Practice,
    PracticeAttachment,
    PracticeImage,
    PracticeIndicator,
    PracticeLink,
    Replication,
    Theme,
)


def absolute(url: str) -> str:
    return absolute_url(url) if url else ""


def public_event_slug(event) -> str | None:
    """The slug of a related event, unless the event is a draft."""
    if event is None or event.status == Event.Status.DRAFT:
        return None
    return event.slug


@extend_schema_field(str)
class HtmlUrlField(serializers.Field):
    """The absolute address of the object's HTML page, in the language of the request:
    ``get_absolute_url()``, or ``page(obj)`` for objects shown on a filtered list."""

    def __init__(self, page=None, **kwargs):
        self.page = page or (lambda obj: obj.get_absolute_url())
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str:
        return absolute(self.page(obj))


class ImageSerializer(serializers.Serializer):
    """An uploaded picture: the original and its WebP renditions (for srcset)."""

    url = serializers.CharField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    renditions = serializers.ListField(child=serializers.DictField())

    @staticmethod
    def describe(instance, field_name: str) -> dict | None:
        field_file = getattr(instance, field_name)
        if not field_file:
            return None
        storage = field_file.storage
        return {
            "url": absolute(field_file.url),
            "width": instance.width,
            "height": instance.height,
            "renditions": [
                {
                    "url": absolute(storage.url(item["name"])),
                    "width": item["width"],
                    "height": item["height"],
                }
                for item in instance.renditions or []
            ],
        }


@extend_schema_field(ImageSerializer(allow_null=True))
class ImageField(serializers.Field):
    """The picture in the model field of the same name, described by ``ImageSerializer``
    (null when there is none)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return ImageSerializer.describe(obj, self.field_name)


class ProvinceSerializer(serializers.ModelSerializer):
    time_zone = serializers.CharField(read_only=True)
    html_url = HtmlUrlField()

    class Meta:
        model = Province
        fields = ["code", "name", "time_zone", "html_url"]


class MemberRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["slug", "code", "name"]


class PositionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Position
        fields = ["slug", "name", "name_id", "name_en", "order"]


class OfficerTermSerializer(serializers.ModelSerializer):
    position = PositionSerializer()
    member = MemberRefSerializer()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = OfficerTerm
        fields = [
            "id",
            "position",
            "person_name",
            "person_title",
            "member",
            "start_date",
            "end_date",
            "known_in_office_on",
            "is_current",
            "note",
        ]


class MemberSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    province = serializers.SerializerMethodField()
    head_title = serializers.CharField(read_only=True)
    description = serializers.CharField(source="short_description", read_only=True)
    logo = serializers.SerializerMethodField()
    html_url = HtmlUrlField()

    class Meta:
        model = Member
        fields = [
            "slug",
            "code",
            "name",
            "kind",
            "kind_label",
            "province",
            "is_active_member",
            "joined_on",
            "head_title",
            "head_name",
            "head_as_of",
            "website",
            "population",
            "population_year",
            "districts",
            "villages",
            "description",
            "logo",
            "html_url",
        ]

    def get_province(self, obj) -> dict:
        return {"code": obj.province.code, "name": obj.province.name}

    def get_logo(self, obj) -> str:
        return absolute(obj.logo.url) if obj.logo else ""


class MemberDetailSerializer(MemberSerializer):
    officer_terms = OfficerTermSerializer(many=True, read_only=True)

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "officer_terms"]


class BilingualNameSerializer(serializers.ModelSerializer):
    """Themes and goals: the name in the request's language, and both stored names."""

    name = serializers.CharField(read_only=True)
    html_url = HtmlUrlField()


class ThemeSerializer(BilingualNameSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "name_id", "name_en", "html_url"]


class SDGSerializer(BilingualNameSerializer):
    class Meta:
        model = SDG
        fields = ["number", "name", "name_id", "name_en", "html_url"]


class SpeakerSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Speaker
        fields = ["order", "name", "title", "member"]


class SessionSerializer(serializers.ModelSerializer):
    speakers = SpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["order", "start", "end", "title", "description", "speakers"]


# A document of an event or a practice: its title, absolute address and size. (A comment,
# not a docstring: the schema would show it as the description of both.)
class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        fields = ["title", "url", "size"]

    def get_url(self, obj) -> str:
        return absolute(obj.get_absolute_url())


class EventAttachmentSerializer(AttachmentSerializer):
    size = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta(AttachmentSerializer.Meta):
        model = EventAttachment


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    host = MemberRefSerializer()
    cover = ImageField()
    html_url = HtmlUrlField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "title_en",
            "kind",
            "kind_label",
            "status",
            "summary",
            "summary_en",
            "start",
            "end",
            "time_zone",
            "times_are_approximate",
            "venue_name",
            "venue_address",
            "host",
            "cover",
            "cover_alt",
            "updated_at",
            "html_url",
        ]

    def get_title(self, obj) -> str:
        """In the requested language when an English title exists."""
        return obj.display_title()

    def get_summary(self, obj) -> str:
        return obj.display_summary()


class EventDetailSerializer(EventSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    attachments = EventAttachmentSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "description_en",
            "cancellation_notice",
            "sessions",
            "attachments",
        ]


class ArticleSerializer(serializers.ModelSerializer):
    event = serializers.SerializerMethodField()
    cover = ImageField()
    html_url = HtmlUrlField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "language",
            "lead",
            "author",
            "source_name",
            "source_url",
            "published_at",
            "updated_at",
            "event",
            "cover",
            "cover_caption",
            "cover_credit",
            "html_url",
        ]

    def get_event(self, obj) -> str | None:
        return public_event_slug(obj.event)


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeIndicator
        fields = ["name", "before", "after", "unit"]


class PracticeImageSerializer(serializers.ModelSerializer):
    image = ImageField()

    class Meta:
        model = PracticeImage
        fields = ["image", "alt_text", "caption", "order"]


class PracticeAttachmentSerializer(AttachmentSerializer):
    class Meta(AttachmentSerializer.Meta):
        model = PracticeAttachment


class PracticeLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeLink
        fields = ["title", "url"]


class ReplicationSerializer(serializers.ModelSerializer):
    """A region's declaration that it replicates the practice (never who declared it)."""

    member = MemberRefSerializer()
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    is_verified = serializers.BooleanField(read_only=True)
    own_practice = serializers.SerializerMethodField()

    class Meta:
        model = Replication
        fields = [
            "member",
            "stage",
            "stage_label",
            "started_on",
            "changes",
            "evidence_url",
            "is_verified",
            "own_practice",
            "updated_at",
        ]

    def get_own_practice(self, obj) -> str | None:
        own = obj.own_practice
        return own.slug if own is not None and own.is_published else None


class PracticeSerializer(serializers.ModelSerializer):
    member = serializers.SerializerMethodField()
    themes = ThemeSerializer(many=True, read_only=True)
    sdgs = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    progress_label = serializers.CharField(source="get_progress_display", read_only=True)
    cover = ImageField()
    html_url = HtmlUrlField()

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "language",
            "summary",
            "member",
            "themes",
            "sdgs",
            "kind",
            "kind_label",
            "start_date",
            "end_date",
            "progress",
            "progress_label",
            "published_at",
            "updated_at",
            "cover",
            "cover_alt",
            "html_url",
        ]

    def get_member(self, obj) -> dict:
        return {
            "slug": obj.member.slug,
            "code": obj.member.code,
            "name": obj.member.name,
            "province": obj.member.province.code,
        }

    def get_sdgs(self, obj) -> list[int]:
        return [sdg.number for sdg in obj.sdgs.all()]


class PracticeDetailSerializer(PracticeSerializer):
    funding_source_label = serializers.CharField(
        source="get_funding_source_display", read_only=True
    )
    awards = serializers.ListField(source="award_list", child=serializers.CharField())
    presented_at = serializers.SerializerMethodField()
    indicators = IndicatorSerializer(many=True, read_only=True)
    images = PracticeImageSerializer(many=True, read_only=True)
    attachments = PracticeAttachmentSerializer(many=True, read_only=True)
    links = PracticeLinkSerializer(many=True, read_only=True)
    replications = ReplicationSerializer(many=True, read_only=True)

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "office",
            "beneficiaries",
            *Practice.NARRATIVE_FIELDS,
            "funding_source_label",
            "awards",
            "presented_at",
            "indicators",
            "images",
            "attachments",
            "links",
            "replications",
        ]

    def get_presented_at(self, obj) -> str | None:
        return public_event_slug(obj.presented_at)
