// The present view: steps through a muscle's trigger points with the arrow keys, a swipe or the buttons.
// Every step's drawing arrives with the data, so a step needs no server round trip. The drawings are SVG made
// by triggermap.figure (content escaped there); the words go in as textContent.

const SWIPE_PX = 50;

function drawing(markup) {
  const svg = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
  return document.importNode(svg, true);
}

function typing(event) {
  const target = event.composedPath()[0];
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
}

export default function ({ parentElement, data }) {
  const root = parentElement;
  const steps = data.steps;
  const stage = root.querySelector(".stage");
  const title = root.querySelector(".step-title");
  const text = root.querySelector(".step-text");
  const count = root.querySelector(".count");
  const previous = root.querySelector('[data-step="previous"]');
  const next = root.querySelector('[data-step="next"]');
  // Streamlit calls this again whenever the page reruns: keep the step the presenter is on unless the steps changed.
  const deck = steps.map((step) => step.title).join("\n");
  let index = root.__deck === deck ? root.__index : 0;
  root.__deck = deck;

  function show(wanted) {
    index = Math.max(0, Math.min(steps.length - 1, wanted));
    root.__index = index;
    const step = steps[index];
    stage.replaceChildren(drawing(step.svg));
    stage.setAttribute("aria-label", step.alt);
    title.textContent = step.title;
    text.textContent = step.text;
    count.textContent = `Step ${index + 1} of ${steps.length}`;
    previous.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    root.querySelector(".present").dataset.step = String(index + 1);
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event)) return;
    const move = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1, Home: -index, End: steps.length }[event.key];
    if (move === undefined) return;
    event.preventDefault();
    show(index + move);
  }

  let touchX = null;
  const onTouchStart = (event) => { touchX = event.touches.length === 1 ? event.touches[0].clientX : null; };
  const onTouchEnd = (event) => {
    if (touchX === null) return;
    const dx = event.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) >= SWIPE_PX) show(index + (dx < 0 ? 1 : -1));  // swipe left: the next step
  };

  previous.onclick = () => show(index - 1);
  next.onclick = () => show(index + 1);
  stage.addEventListener("touchstart", onTouchStart, { passive: true });
  stage.addEventListener("touchend", onTouchEnd);
  document.addEventListener("keydown", onKey);
  show(index);
  return () => {
    document.removeEventListener("keydown", onKey);
    stage.removeEventListener("touchstart", onTouchStart);
    stage.removeEventListener("touchend", onTouchEnd);
  };
}
