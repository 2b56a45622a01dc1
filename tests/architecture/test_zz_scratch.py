from django.urls import get_resolver, URLPattern, URLResolver, reverse

def walk(patterns, ns=()):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, ns + ((p.namespace,) if p.namespace else ()))
        else:
            yield ":".join(ns + (p.name,)), p

SAMPLE = {"pk": 1, "role": "practitioner", "uidb36": "1", "key": "x"}

def test_list(db, client):
    for name, p in walk(get_resolver().url_patterns):
        kwargs = {k: SAMPLE[k] for k in p.pattern.regex.groupindex}
        url = reverse(name, kwargs=kwargs)
        r = client.get(url)
        print(url, r.status_code, r.get("Location"))
