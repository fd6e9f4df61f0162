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

# For the element with focus (or the pill it sits in): its outline's colour and width, and the
# colour behind the ring (drawn outside the element, on whatever its nearest painted ancestor shows).
FOCUS_RING = """() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return null;  // past the last control
    // A choice's ring is drawn on its pill (the label around the radio), not the radio itself.
    const el = focused.closest('.radio, .choice') || focused;
    const style = getComputedStyle(el);
    let behind = el.parentElement, background = 'rgba(0, 0, 0, 0)';
    while (behind) {
        background = getComputedStyle(behind).backgroundColor;
        if (!/rgba\\(.*, 0\\)$|transparent/.test(background)) break;
        behind = behind.parentElement;
    }
    if (!behind) background = 'rgb(255, 255, 255)';
    return {what: (el.innerText || el.value || el.tagName).trim().slice(0, 40), style: style.outlineStyle,
            width: parseFloat(style.outlineWidth), colour: style.outlineColor, background};
}"""


def contrast(colour_a, colour_b):
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (opaque)."""
    def luminance(colour):
        channels = [float(part) / 255 for part in colour[colour.index("(") + 1:].rstrip(")").split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(colour_a), luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def weak_focus_rings(page, presses=60):
    """Tab through the page: every focused control whose ring is missing, thinner than 2 px or
    under 3:1 against what is behind it."""
    weak = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            break
        ratio = contrast(ring["colour"], ring["background"])
        if ring["style"] == "none" or ring["width"] < 2 or ratio < 3:
            weak.append(f"{ring['what']}: {ring['style']} {ring['width']}px {ring['colour']} on "
                        f"{ring['background']} ({ratio:.1f}:1)")
    return weak


def wider_than_their_box(page):
    """The page, and each panel, whose content is wider than it (sideways scrolling or text
    cut off on a phone): "what (content px > box px)"."""
    return page.evaluate("""() => [document.documentElement, ...document.querySelectorAll('.panel')]
        .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1)
        .map(el => `${el === document.documentElement ? 'page' : (el.id || el.className)} `
             + `(${el.scrollWidth} px > ${el.clientWidth} px)`)""")
