"""Every route of the project, as the architecture tests walk them."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# A value for each URL keyword that its route's pattern accepts.
SAMPLE_KWARGS = {"pk": "1", "role": "practitioner", "uidb36": "1", "key": "x", "slug": "x"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    entry: URLPattern

    @property
    def callback(self):
        return self.entry.callback

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    def url(self) -> str:
        keywords = self.entry.pattern.regex.groupindex
        return reverse(self.name, kwargs={k: SAMPLE_KWARGS.get(k, "1") for k in keywords})

    def __str__(self) -> str:
        return f"{self.name} ({self.pattern})"


def _walk(patterns, namespaces=(), prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            extra = (entry.namespace,) if entry.namespace else ()
            yield from _walk(entry.url_patterns, namespaces + extra, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"the route {prefix}{entry.pattern} needs a name"
            yield Route(
                name=":".join((*namespaces, entry.name)), pattern=prefix + str(entry.pattern), entry=entry
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
