"""StreamField blocks for module pages: the building bricks trainers write with."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from .choices import HeadingLevel

INLINE_FEATURES = ["bold", "italic", "link"]
TEXT_FEATURES = [*INLINE_FEATURES, "ol", "ul"]


def paragraph_block():
    """The text block of module pages and of the trainer's guide."""
    return blocks.RichTextBlock(
        label=_("Paragraph"), features=TEXT_FEATURES, icon="pilcrow"
    )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=HeadingLevel.choices, default=HeadingLevel.H2
    )

    class Meta:
        icon = "title"
        template = "courses/blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading inside the module.")
        preview_value = {"text": "Je profiel als visitekaartje", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "courses/blocks/figure_block.html"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video URL"), help_text=_("A YouTube or Vimeo link."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        label = _("Video")
        description = _("An embedded video (YouTube, Vimeo).")


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=TEXT_FEATURES)

    class Meta:
        icon = "pick"
        template = "courses/blocks/tip_block.html"
        label = _("Tip")
        description = _("A highlighted, practical tip.")
        preview_value = {
            "title": "Tip",
            "text": "<p>Stuur bij elke uitnodiging een persoonlijk berichtje mee.</p>",
        }


class ExerciseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    instructions = blocks.RichTextBlock(label=_("instructions"), features=TEXT_FEATURES)
    minutes = blocks.IntegerBlock(
        label=_("minutes"), required=False, min_value=1, max_value=600
    )

    class Meta:
        icon = "form"
        template = "courses/blocks/exercise_block.html"
        label = _("Exercise")
        description = _("An assignment the participant does on their own.")
        preview_value = {
            "title": "Opdracht",
            "instructions": "<p>Herschrijf de kopregel van je profiel.</p>",
            "minutes": 15,
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(
        label=_("attribution"), required=False, max_length=120
    )

    class Meta:
        icon = "openquote"
        template = "courses/blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with who said it.")
        preview_value = {
            "text": "Een goed netwerk bouw je voordat je het nodig hebt.",
            "attribution": "Marieke van Dijk",
        }


class DownloadBlock(blocks.StructBlock):
    """A worked example or template to take home, in one or more file formats."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    description = blocks.TextBlock(label=_("description"), required=False)
    documents = blocks.ListBlock(
        DocumentChooserBlock(label=_("document")),
        label=_("documents"),
        min_num=1,
        help_text=_("The same handout in each format you offer (PDF, Word, Excel)."),
    )

    class Meta:
        icon = "download"
        template = "courses/blocks/download_block.html"
        label = _("Download")
        description = _("A worked example or template participants take home.")


class ModuleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = paragraph_block()
    image = FigureBlock()
    video = VideoBlock()
    tip = TipBlock()
    exercise = ExerciseBlock()
    quote = QuoteBlock()
    download = DownloadBlock()
