"""The filters of the board's view of embedding: the tracker's board, review and theme."""

from .forms_tracker import TrackerForm

KEPT = ("lead_organisation", "review", "theme")


class EmbedBoardForm(TrackerForm):
    """GET filters; only the boards, reviews and themes of what the actor may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.fields if n not in KEPT]:
            del self.fields[name]
