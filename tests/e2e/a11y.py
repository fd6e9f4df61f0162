"""axe-core (the copy bundled by axe-playwright-python) run in a real page: WCAG 2.0–2.2 A and
AA rules, violations as readable lines. It is evaluated over the DevTools protocol, which
the page's CSP doesn't govern, so the page is tested with its real CSP."""
from importlib.resources import files

AXE_SCRIPT = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def axe_violations(page, exceptions=()):
    """Every WCAG A/AA violation on the page once its animations end, one line per element, except the
    rule ids in ``exceptions`` (each must come with its reason where it is used)."""
    # A card sliding in is checked as it ends, not halfway through its fade.
    page.evaluate("Promise.all(document.getAnimations()"
                  ".filter(a => a.effect.getComputedTiming().iterations !== Infinity).map(a => a.finished))")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_AA)
    return [f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: "
            f"{node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''}"
            for violation in results["violations"] if violation["id"] not in exceptions
            for node in violation["nodes"]]

# What a finger or pointer aims at: buttons, fields, navigation and tab links, pills. A radio
# or checkbox counts by its label (clicking either works); links inside text are exempt.
TARGETS = ("button, .button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea, "
           "summary, .site-nav a, .tabs a, .radio, .choice, .checkbox, .brand, .site-user__name")


def small_targets(page, minimum):
    """Visible targets smaller than ``minimum`` px in either direction: "text (w×h)"."""
    return page.evaluate("""([selector, minimum]) => Array.from(document.querySelectorAll(selector))
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map(el => [el, el.getBoundingClientRect()])
        .filter(([el, box]) => box.width > 0 && (box.width < minimum || box.height < minimum))
        .map(([el, box]) => `${(el.innerText || el.value || el.name || el.className).trim().slice(0, 40)} `
             + `(${Math.round(box.width)}×${Math.round(box.height)})`)""", [TARGETS, minimum])
