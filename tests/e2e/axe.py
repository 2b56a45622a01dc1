"""axe-core in the browser: any WCAG 2.2 AA violation on a page fails the test.

axe is put into every page of a test's browser context as an init script (see
`conftest.context`), not with `page.add_script_tag`: Threadline's Content-Security-Policy
refuses inline scripts, and turning the policy off for the tests would hide the very
problems a browser test should find.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """async (tags) => {
  if (typeof axe === 'undefined') return null
  return (await axe.run(document, {runOnly: tags})).violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }))
}"""


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            for reason in node["summary"].splitlines():
                if reason.strip():
                    lines.append(f"      {reason.strip()}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    page.wait_for_load_state("load")
    violations = page.evaluate(_RUN_AXE, WCAG_TAGS)
    assert violations is not None, f"axe-core was not loaded into {page.url}"
    return violations


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {page.url} "
        f"(“{page.title()}”):\n{describe_violations(violations)}"
    )
