// whosaid web page: search statements, browse speakers, read an article
// with its statements highlighted. Plain JavaScript, no dependencies; every
// text from the data is inserted as text, never as HTML.
"use strict";

// Ten colours dark enough for text on white and far enough apart to tell
// speakers apart at a glance.
const palette = ["#1f6fb4", "#d1495b", "#2e8b57", "#7b4fb0", "#d97a00",
  "#008b8b", "#8c564b", "#c2378f", "#5b7a1e", "#34495e"];
const grey = "#8a96a3";

// extraColor gives the k-th colour after the palette: hues a golden angle
// apart, lighter and darker by turns, so that every speaker of an article,
// however many, has its own (as output.SpeakerColor in Go).
function extraColor(k) {
  return "hsl(" + ((k * 137.508 + 20) % 360).toFixed(1) + " 65% " + (k % 2 ? 46 : 32) + "%)";
}

// people counts people in words: "1 person", "2 people".
function people(n) {
  return n === 1 ? "1 person" : n.toLocaleString("en") + " people";
}

// plural counts things in words: "1 article", "2 articles".
function plural(n, word) {
  return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
}

const $ = (sel, root = document) => root.querySelector(sel);
const view = () => $("#view");

// el builds an element: el("a", {href: "#"}, "text", child...).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "color") e.style.setProperty("--c", v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// httpURL returns u when it is an absolute http or https URL, else null: a
// javascript:, data: or relative URL from the store is never made a link.
function httpURL(u) {
  if (typeof u !== "string" || u === "") return null;
  try {
    const p = new URL(u);
    return p.protocol === "http:" || p.protocol === "https:" ? p.href : null;
  } catch {
    return null;
  }
}

function showError(msg) {
  const box = $("#error");
  box.textContent = msg;
  box.hidden = !msg;
}

// api fetches an API path; a failed answer throws an Error carrying the
// HTTP status.
async function api(path, params, init) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== undefined && v !== null) qs.set(k, v);
  const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
  const res = await fetch(url, { headers: { Accept: "application/json" }, ...init });
  const body = await res.json().catch(() => ({ error: "the server sent no JSON (" + res.status + ")" }));
  if (!res.ok) {
    const e = new Error((body.param ? body.param + ": " : "") + (body.error || res.statusText));
    e.status = res.status;
    throw e;
  }
  return body;
}

// colorOf gives a cross-article speaker the same colour everywhere.
function colorOf(global) {
  if (!global) return grey;
  return palette[(global * 7) % palette.length];
}

const openMarks = "“\"‘'«„‚‹「『";
const closeMarks = "”\"’'»“‛›」』";

// quoted shows a direct statement's content between quotation marks: its
// own when the content holds them (as the pipeline gives it), else added.
// text is what is shown; the first and last characters decide.
function quoted(kind, text) {
  if (kind !== "direct" || !text) return ["", ""];
  const t = text.replace(/^[\s…]+|[\s…]+$/g, "");
  const first = t.charAt(0), last = t.replace(/[.,;:!?]+$/, "").slice(-1);
  return [openMarks.includes(first) ? "" : "“", closeMarks.includes(last) ? "" : "”"];
}

function fmtKind(k) { return el("span", { class: "kind kind-" + k }, k); }

// The statement types and acts, in the order of the API's filters.
const types = ["speech", "writing", "thought", "stance", "evidence"];
const acts = ["assert", "warn", "demand", "accuse", "criticize", "praise", "deny", "promise", "ask", "announce", "concede"];

// fmtLabels shows what a statement does (its act, and its type) and
// whether it is a quote; a statement stored by an older whosaid has none.
function fmtLabels(s) {
  if (!s.act && !s.type) return null;
  return [
    s.act ? el("span", { class: "act act-" + s.act, title: s.negated ? "the cue is negated" : "act" }, s.act + (s.negated ? " (not)" : "")) : null,
    s.type ? el("span", { class: "stype", title: "type" }, s.type) : null,
    s.quote ? el("span", { class: "isquote", title: "a quote: speech or writing by a person or organisation" }, "quote") : null,
  ];
}

function docLink(doc, sid) {
  return "#/doc/" + encodeURIComponent(doc) + (sid ? "?s=" + encodeURIComponent(sid) : "");
}

// statementCard renders one statement of a result list.
function statementCard(s, opts = {}) {
  const sp = s.speaker;
  const color = sp ? colorOf(sp.global) : grey;
  const who = sp ? (sp.global ? el("a", { class: "who", href: "#/speaker/" + sp.global, color }, sp.name) : el("span", { class: "who" }, sp.name))
    : el("span", { class: "who" }, s.source ? s.source.text : "unattributed");
  const quote = el("p", { class: "quote" });
  if (s.snippet && s.snippet.length) {
    for (const seg of s.snippet) quote.append(seg.match ? el("mark", {}, seg.text) : seg.text);
  } else {
    quote.append(s.content ? s.content.text : "");
  }
  const [open, close] = quoted(s.kind, quote.textContent);
  quote.prepend(open);
  quote.append(close);
  const meta = [s.date, s.outlet].filter(Boolean).join(" · ");
  return el("article", { class: "result " + s.kind, color, "data-id": s.id },
    el("header", {}, opts.hideWho ? null : who, fmtKind(s.kind), fmtLabels(s), el("span", { class: "meta" }, meta)),
    quote,
    el("footer", {},
      s.cue ? el("span", {}, "cue: ", el("em", {}, s.cue.text)) : null,
      s.source ? el("span", {}, "source: ", s.source.text) : null,
      el("a", { href: docLink(s.doc, s.sid), class: "open" }, (s.title || s.doc) + " →")));
}

// pager appends pages of statements to list, with a "More" button, and
// counts them above it: total when the caller knows it (from the counts
// of /api/stats or of a speaker), else the number shown, with a "+" while
// there are more, until /api/statements/count gives the exact total.
async function pager(list, params, opts = {}) {
  let offset = 0;
  const count = el("div", { class: "count" });
  list.before(count);
  let shown = 0;
  const more = el("button", { class: "plain more", type: "button" }, "Show more");
  more.hidden = true;
  list.after(more);
  async function load() {
    more.disabled = true;
    const page = await api("statements", { ...params, offset, limit: 25 });
    if (offset === 0 && page.statements.length === 0) {
      list.append(el("div", { class: "empty" }, "No statements match. Try fewer words or wider dates."));
    }
    for (const s of page.statements) list.append(statementCard(s, opts));
    shown += page.statements.length;
    offset += page.statements.length;
    if (!page.more) count.textContent = plural(shown, "statement");
    else if (opts.total !== undefined) count.textContent = plural(opts.total, "statement") + " · showing " + shown.toLocaleString("en");
    else {
      count.textContent = shown.toLocaleString("en") + "+ statements";
      countAll();
    }
    more.hidden = !page.more;
    more.disabled = false;
  }
  // countAll asks the server for the exact total once; while it counts,
  // or if it cannot (too slow), the list says "N+".
  let counting = false;
  function countAll() {
    if (counting) return;
    counting = true;
    const { sort, ...filters } = params;
    api("statements/count", filters).then(c => {
      opts.total = c.count;
      count.textContent = plural(c.count, "statement") + " · showing " + shown.toLocaleString("en");
    }).catch(() => {});
  }
  more.addEventListener("click", () => load().catch(e => showError(e.message)));
  await load();
}

function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  const parts = path.split("/").map(decodeURIComponent);
  return { parts, params };
}

let outlets = null;
let stats = null;
async function loadStats() {
  stats = await api("stats");
  outlets = stats.outlets.map(o => o.value);
  $("#stats").textContent = plural(stats.documents, "article") + " · " + plural(stats.statements, "statement") +
    " · " + plural(stats.speakers, "speaker") +
    (stats.first_date ? " · " + stats.first_date + (stats.last_date !== stats.first_date ? " – " + stats.last_date : "") : "");
}

// sameOutlet tells whether an outlet typed in a link or a form is a stored
// one: the API ignores case and surrounding spaces.
function sameOutlet(a, b) {
  return typeof a === "string" && typeof b === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();
}

// searchTotal returns how many statements a search selects when /api/stats
// counts it (no filter, or one outlet, type or act alone), else undefined.
function searchTotal(p) {
  const set = Object.keys(p).filter(k => p[k] !== "" && p[k] !== undefined && k !== "sort");
  if (!stats) return undefined;
  if (set.length === 0) return stats.statements;
  if (set.length !== 1) return undefined;
  const k = set[0];
  const list = { outlet: stats.outlets, type: stats.types, act: stats.acts }[k];
  if (!list || p[k].includes(",")) return undefined;
  const c = list.find(o => k === "outlet" ? sameOutlet(o.value, p[k]) : o.value === p[k]);
  return c ? c.count : (k === "outlet" && outlets.length >= 100 ? undefined : 0);
}

function navOn(id) {
  for (const a of document.querySelectorAll(".top nav a")) a.classList.toggle("on", a.id === id);
}

// ---- search view ----
async function searchView(params) {
  navOn("nav-search");
  const field = (name, label, input) => el("label", {}, label, input);
  const q = el("input", { type: "search", id: "q", name: "q", placeholder: "Search what was said — e.g. \"health care\" OR insurance", value: params.q || "", autofocus: true, "aria-label": "Search statements" });
  const speaker = el("input", { id: "f-speaker", name: "speaker", value: params.speaker || "", placeholder: "full or last name" });
  const from = el("input", { id: "f-from", name: "from", type: "date", value: params.from || "" });
  const to = el("input", { id: "f-to", name: "to", type: "date", value: params.to || "" });
  const outlet = el("select", { id: "f-outlet", name: "outlet" }, el("option", { value: "" }, "all outlets"),
    (outlets || []).map(o => el("option", { value: o, selected: sameOutlet(params.outlet, o) }, o)));
  const kind = el("select", { id: "f-kind", name: "kind" }, ["", "direct", "indirect", "mixed"].map(k =>
    el("option", { value: k, selected: (params.kind || "") === k }, k || "all kinds")));
  const act = el("select", { id: "f-act", name: "act" }, ["", ...acts].map(a =>
    el("option", { value: a, selected: (params.act || "") === a }, a || "all acts")));
  const type = el("select", { id: "f-type", name: "type" }, ["", ...types].map(a =>
    el("option", { value: a, selected: (params.type || "") === a }, a || "all types")));
  const quotes = el("input", { type: "checkbox", id: "f-quotes", name: "quotes", value: "1", checked: params.quotes === "1" });
  const sort = el("select", { id: "f-sort", name: "sort" }, [["", "best first"], ["newest", "newest first"], ["oldest", "oldest first"]].map(([v, t]) =>
    el("option", { value: v, selected: (params.sort || "") === v }, t)));
  const form = el("form", { class: "search", id: "search-form" },
    el("div", { class: "searchrow" }, q, el("button", { type: "submit", id: "go" }, "Search")),
    el("div", { class: "filters" }, field("speaker", "Speaker", speaker), field("from", "From", from), field("to", "To", to),
      field("outlet", "Outlet", outlet), field("kind", "Kind", kind), field("act", "Act", act), field("type", "Type", type),
      field("sort", "Order", sort), el("label", { class: "toggle", title: "speech or writing by a person or organisation, with a clause or quotation for content" }, quotes, "Quotes only")),
    el("div", { class: "hint" }, "All words must occur. \"quoted words\" for a phrase, word* for a prefix, a OR b for either, -word to exclude."));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const f of [q, speaker, from, to, outlet, kind, act, type, sort]) if (f.value) p.set(f.name, f.value);
    if (quotes.checked) p.set("quotes", "1");
    location.hash = "#/search?" + p;
  });
  const results = el("div", { id: "results" });
  const side = el("aside", { class: "side" }, el("h2", {}, "Most quoted"), el("ul", { class: "speakers", id: "top-speakers" }));
  view().replaceChildren(form, el("div", { class: "layout" }, el("section", {}, results), side));
  topSpeakers($("#top-speakers", side)).catch(e => showError(e.message));
  const p = { ...params };
  if (p.sort === "" || (!p.q && p.sort === undefined)) delete p.sort;
  await pager(results, p, { total: searchTotal(p) });
}

async function topSpeakers(ul) {
  const page = await api("speakers", { limit: 15 });
  const top = page.speakers.length ? page.speakers[0].statements : 1;
  if (stats && page.speakers.length) {
    ul.before(el("div", { class: "count", id: "top-count" }, page.speakers.length + " of " + plural(stats.speakers, "speaker")));
  }
  for (const s of page.speakers) {
    const bar = el("span", { class: "bar", color: colorOf(s.id) });
    bar.style.width = Math.max(4, 100 * s.statements / top) + "%";
    ul.append(el("li", { color: colorOf(s.id) }, el("a", { href: "#/speaker/" + s.id }, s.name), el("span", { class: "n" }, s.statements), bar));
  }
  if (!page.speakers.length) ul.append(el("li", {}, "No speakers yet."));
}

// ---- speakers view ----
// The columns of the speaker list: header, the API's sort key (none for
// columns it cannot sort by) and the order a first click asks for.
const speakerColumns = [
  { head: "Speaker", sort: "name", order: "asc" },
  { head: "Type" },
  { head: "Gender" },
  { head: "Statements", sort: "statements", order: "desc", num: true },
  { head: "Articles", sort: "documents", order: "desc", num: true },
  { head: "First", sort: "first", order: "asc" },
  { head: "Last", sort: "last", order: "desc" },
];

// speakerFilters are the filters of the speaker list kept in the hash:
// #/speakers?type=person&gender=female&outlet=...&sort=name&order=asc.
const speakerFilters = ["name", "type", "gender", "outlet", "unnamed", "sort", "order"];

function speakersHash(p) {
  const q = new URLSearchParams();
  for (const k of speakerFilters) if (p[k]) q.set(k, p[k]);
  return "#/speakers" + (q.toString() ? "?" + q : "");
}

async function speakersView(params) {
  navOn("nav-speakers");
  const name = el("input", { type: "search", id: "speaker-filter", name: "name", placeholder: "Find a speaker by name", value: params.name || "", "aria-label": "Speaker name" });
  const choice = (id, key, label, options) => el("label", {}, label, el("select", { id, name: key },
    options.map(([v, t]) => el("option", { value: v, selected: (params[key] || "") === v }, t))));
  const form = el("form", { class: "search", id: "speaker-form" },
    el("div", { class: "searchrow" }, name, el("button", { type: "submit" }, "Find")),
    el("div", { class: "filters" },
      choice("sf-type", "type", "Type", [["", "all types"], ["person", "person"], ["organization", "organization"], ["place", "place"], ["other", "other"]]),
      choice("sf-gender", "gender", "Gender", [["", "all genders"], ["female", "female"], ["male", "male"], ["unknown", "unknown"]]),
      choice("sf-outlet", "outlet", "Outlet", [["", "all outlets"], ...(outlets || []).map(o => [o, o])]),
      choice("sf-unnamed", "unnamed", "Named", [["", "named speakers"], ["1", "descriptions (unnamed)"]])),
    el("div", { class: "hint" }, "Gender is inferred from the articles' honorifics, titles and pronouns, or from the first name: ", genderNoteLink()));
  const apply = () => {
    const p = { ...params };
    for (const f of form.querySelectorAll("input, select")) p[f.name] = f.value;
    location.hash = speakersHash(p);
  };
  form.addEventListener("submit", ev => { ev.preventDefault(); apply(); });
  for (const sel of form.querySelectorAll("select")) sel.addEventListener("change", apply);
  const sort = params.sort || "statements";
  const order = params.order || (speakerColumns.find(c => c.sort === sort) || {}).order || "desc";
  const head = el("tr", {}, speakerColumns.map(c => {
    if (!c.sort) return el("th", { scope: "col" }, c.head);
    const on = c.sort === sort;
    const next = on ? (order === "asc" ? "desc" : "asc") : c.order;
    return el("th", { scope: "col", class: on ? "sorted " + order : undefined, "aria-sort": on ? (order === "asc" ? "ascending" : "descending") : "none" },
      el("a", { href: speakersHash({ ...params, sort: c.sort, order: next }), "data-sort": c.sort, title: "Sort by " + c.head.toLowerCase() }, c.head));
  }));
  const tbody = el("tbody");
  const table = el("table", { class: "list", id: "speaker-table" }, el("thead", {}, head), tbody);
  const more = el("button", { class: "plain more", type: "button", hidden: true }, "Show more");
  const count = el("div", { class: "count", id: "speaker-count" });
  view().replaceChildren(form, count, table, more);
  let offset = 0;
  // Sort and order go to the API only when asked for: its default is
  // the most quoted first.
  const query = { name: params.name, type: params.type, gender: params.gender, outlet: params.outlet, unnamed: params.unnamed, sort: params.sort, order: params.order };
  async function load() {
    const page = await api("speakers", { ...query, limit: 50, offset });
    const rows = page.speakers || page.rows || [];
    for (const s of rows) {
      tbody.append(el("tr", { "data-id": s.id }, el("td", {}, el("a", { href: "#/speaker/" + s.id, class: "who", color: colorOf(s.id) }, s.name),
        s.unnamed ? el("span", { class: "unnamed", title: "a description, kept as a speaker of its own article" }, " unnamed") : null),
        el("td", {}, s.type), el("td", { class: "gender" }, s.type === "person" ? (s.gender || "unknown") : ""),
        el("td", { class: "num" }, s.statements), el("td", { class: "num" }, s.documents),
        el("td", {}, s.first_date || ""), el("td", {}, s.last_date || "")));
    }
    offset += rows.length;
    const more_ = page.more !== undefined ? page.more : (page.total !== undefined && offset < page.total);
    more.hidden = !more_;
    if (page.total !== undefined) count.textContent = plural(page.total, "speaker") + (more_ ? " · showing " + offset.toLocaleString("en") : "");
    else if (!more_) count.textContent = plural(offset, "speaker");
    else count.textContent = offset.toLocaleString("en") + "+ speakers";
    if (offset === 0) tbody.append(el("tr", {}, el("td", { colspan: speakerColumns.length, class: "empty" }, "No speakers match these filters.")));
  }
  more.addEventListener("click", () => load().catch(e => showError(e.message)));
  await load();
}

// genderNoteLink links to the README's section on what the inferred
// gender can and cannot tell.
function genderNoteLink() {
  return el("a", { href: "https://github.com/whosaid/whosaid/blob/main/README.md#speaker-gender", rel: "noopener noreferrer", target: "_blank", class: "gender-note" },
    "what this can and cannot tell");
}

// ---- charts view ----
// The page a researcher publishes from: the share of statements by the
// speaker's gender, by outlet and by month, and the most quoted speakers
// of each outlet; each chart with its numbers in a table and a link to
// the CSV of the API.
async function chartsView(params) {
  navOn("nav-charts");
  const filters = { from: params.from, to: params.to, outlet: params.outlet, type: params.type, act: params.act, kind: params.kind };
  const field = (label, input) => el("label", {}, label, input);
  const from = el("input", { id: "c-from", name: "from", type: "date", value: params.from || "" });
  const to = el("input", { id: "c-to", name: "to", type: "date", value: params.to || "" });
  const outlet = el("select", { id: "c-outlet", name: "outlet" }, el("option", { value: "" }, "all outlets"),
    (outlets || []).map(o => el("option", { value: o, selected: sameOutlet(params.outlet, o) }, o)));
  const type = el("select", { id: "c-type", name: "type" }, ["", ...types].map(a =>
    el("option", { value: a, selected: (params.type || "") === a }, a || "all types")));
  const act = el("select", { id: "c-act", name: "act" }, ["", ...acts].map(a =>
    el("option", { value: a, selected: (params.act || "") === a }, a || "all acts")));
  const kind = el("select", { id: "c-kind", name: "kind" }, ["", "direct", "indirect", "mixed"].map(k =>
    el("option", { value: k, selected: (params.kind || "") === k }, k || "all kinds")));
  const form = el("form", { class: "search", id: "charts-form" },
    el("div", { class: "filters" }, field("From", from), field("To", to), field("Outlet", outlet), field("Type", type), field("Act", act), field("Kind", kind),
      el("button", { type: "submit", id: "charts-go" }, "Show")),
    el("p", { class: "hint", id: "gender-note" }, "Gender is inferred, not known: from the honorifics, titles and pronouns the articles use for a person, or else from the first name (US birth records); people whose gender neither tells are counted as unknown. ", genderNoteLink(), "."));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const f of [from, to, outlet, type, act, kind]) if (f.value) p.set(f.name, f.value);
    location.hash = "#/charts" + (p.toString() ? "?" + p : "");
  });
  const [byOutlet, byMonth, top] = await Promise.all([
    api("stats/gender", { ...filters, by: "outlet" }),
    api("stats/gender", { ...filters, by: "month" }),
    api("stats/top", { ...filters, by: "outlet", n: 10 }),
  ]);
  view().replaceChildren(form,
    genderSummary(byOutlet.total),
    genderSection("gender-outlet", "Statements by speaker gender, by outlet", "outlet", byOutlet, filters),
    genderSection("gender-month", "Statements by speaker gender, by month", "month", byMonth, filters),
    topSection(top.rows || [], filters));
}

// csvLink links to the CSV form of an API path with the given filters.
function csvLink(id, path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== undefined && v !== null) qs.set(k, v);
  qs.set("format", "csv");
  return el("a", { class: "csv", id, href: "/api/" + path + "?" + qs, download: "" }, "Download CSV");
}

// The three genders of the charts, in the order they are stacked.
const genders = [
  { key: "female", label: "women", color: "#c2378f" },
  { key: "male", label: "men", color: "#1f6fb4" },
  { key: "unknown", label: "unknown", color: "#c8d0d8" },
];

// share formats a part of a whole as a percentage, or "–" for no whole.
function share(n, total) {
  return total > 0 ? (100 * n / total).toFixed(1) + "%" : "–";
}

// genderSummary says, for all the statements the filters select, the
// share of women among the people quoted and among their statements.
function genderSummary(t) {
  if (!t || !t.statements) return el("p", { class: "summary", id: "gender-summary" }, "No statements of named people match.");
  return el("p", { class: "summary", id: "gender-summary" },
    "Women: ", el("strong", {}, share(t.female, t.female + t.male)), " of the statements of people whose gender is given (" +
    t.female.toLocaleString("en") + " of " + (t.female + t.male).toLocaleString("en") + "), ",
    el("strong", {}, share(t.female_people, t.female_people + t.male_people)), " of the people (" +
    t.female_people.toLocaleString("en") + " of " + (t.female_people + t.male_people).toLocaleString("en") + "); " +
    (t.unknown ? plural(t.unknown, "statement") + " by " + people(t.unknown_people) + " of unknown gender left out." : "no statement of a person of unknown gender."));
}

// genderSection is one chart of the share of statements by speaker
// gender (table.rows keyed by outlet or month, table.total over them),
// its table and its CSV link.
function genderSection(id, title, by, table_, filters) {
  const rows = table_.rows || [], t = table_.total;
  const legend = el("div", { class: "legend" }, genders.map(g => el("span", { class: "ex" }, el("span", { class: "swatch", color: g.color }), g.label)));
  const table = el("table", { class: "list numbers", id: id + "-table" },
    el("caption", {}, title + ": the numbers"),
    el("thead", {}, el("tr", {}, [by === "month" ? "Month" : "Outlet", "Women", "Men", "Unknown", "Statements", "Share of women", "People: women", "men", "unknown"].map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map(r => genderRow(el("th", { scope: "row" }, r.key), r))),
    t && rows.length > 1 ? el("tfoot", {}, genderRow(el("th", { scope: "row" }, "All"), t)) : null);
  return el("section", { class: "chart", id },
    el("h2", {}, title),
    el("p", { class: "hint" }, "Share of women among the statements credited to people whose gender is given; the bar shows all statements of people, the grey part those of unknown gender."),
    legend,
    rows.length ? stackedBars(id + "-svg", title, rows) : el("div", { class: "empty" }, "No statements of people match."),
    el("details", { class: "numbers" }, el("summary", {}, "Numbers"), table),
    csvLink(id + "-csv", "stats/gender", { ...filters, by }));
}

// genderRow is a row of a gender table: its head cell, then the counts
// and the share of women.
function genderRow(head, r) {
  return el("tr", {}, head,
    [r.female, r.male, r.unknown, r.statements].map(n => el("td", { class: "num" }, n)),
    el("td", { class: "num" }, share(r.female, r.female + r.male)),
    [r.female_people, r.male_people, r.unknown_people].map(n => el("td", { class: "num" }, n)));
}

// svgEl makes an SVG element with attributes and, optionally, text.
function svgEl(tag, attrs, text) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// stackedBars draws one horizontal bar per row, split by gender in
// proportion to the statements, with the share of women written beside
// it; hovering a part shows its count.
function stackedBars(id, title, rows) {
  const W = 1000, rowH = 26, L = 190, R = 70, T = 4;
  const H = T + rows.length * rowH + 22;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "stacked", id, role: "img", "aria-label": title + " (the numbers are in the table below)" });
  rows.forEach((r, i) => {
    const y = T + i * rowH;
    const total = genders.reduce((a, g) => a + (r[g.key] || 0), 0);
    svg.append(svgEl("text", { x: L - 8, y: y + rowH / 2 + 4, "text-anchor": "end", class: "key" }, cutText(String(r.key), 26)));
    let x = L;
    for (const g of genders) {
      const n = r[g.key] || 0;
      const w = total > 0 ? (W - L - R) * n / total : 0;
      if (w > 0) {
        const rect = svgEl("rect", { x, y: y + 3, width: w, height: rowH - 6, fill: g.color, class: "part " + g.key, "data-key": r.key, "data-n": n });
        rect.append(svgEl("title", {}, r.key + ": " + plural(n, "statement") + " by " + g.label + " (" + share(n, total) + ")"));
        svg.append(rect);
      }
      x += w;
    }
    svg.append(svgEl("text", { x: W - R + 6, y: y + rowH / 2 + 4, class: "pct" }, share(r.female, r.female + r.male)));
  });
  const axisY = T + rows.length * rowH + 4;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const x = L + (W - L - R) * f;
    svg.append(svgEl("line", { x1: x, y1: T, x2: x, y2: axisY, class: f === 0.5 ? "half" : "grid" }));
    svg.append(svgEl("text", { x, y: axisY + 14, "text-anchor": "middle", class: "tick" }, (f * 100) + "%"));
  }
  return svg;
}

// bar is a thin bar of a colour, pct per cent of its box wide.
function bar(color, pct) {
  const b = el("div", { class: "bar", color });
  b.style.width = pct.toFixed(1) + "%";
  return b;
}

// topSection lists the most quoted speakers of each outlet, each with a
// bar in proportion to the outlet's most quoted speaker.
function topSection(rows, filters) {
  return el("section", { class: "chart", id: "top-outlet" },
    el("h2", {}, "Most quoted speakers, by outlet"),
    rows.length ? el("div", { class: "outlets" }, rows.map(r => {
      const top = Math.max(1, ...(r.speakers || []).map(s => s.statements));
      return el("div", { class: "outlet" },
        el("h3", {}, r.outlet, " ", el("span", { class: "n" }, plural(r.statements, "statement"))),
        el("table", { class: "list toplist", "aria-label": "Most quoted speakers of " + r.outlet },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Speaker"), el("th", { scope: "col", class: "num" }, "Statements"))),
          el("tbody", {}, (r.speakers || []).map(s => el("tr", {},
            el("td", {}, el("a", { href: "#/speaker/" + s.id, class: "who", color: colorOf(s.id) }, s.name),
              bar(colorOf(s.id), Math.max(2, 100 * s.statements / top))),
            el("td", { class: "num" }, s.statements))))));
    })) : el("div", { class: "empty" }, "No statements match."),
    csvLink("top-outlet-csv", "stats/top", { ...filters, by: "outlet", n: 10 }));
}

// ---- speaker view ----
async function speakerView(id, params) {
  navOn("nav-speakers");
  let sp;
  try {
    sp = await api("speakers/" + encodeURIComponent(id));
  } catch (e) {
    if (e.status === 404 || e.status === 400) throw new Error("No such speaker: " + id + ". Find one on the Speakers page.");
    throw e;
  }
  const color = colorOf(sp.id);
  const within = el("input", { type: "search", id: "within", placeholder: "Search " + sp.name + "'s statements", value: params.q || "" });
  const form = el("form", { class: "search" }, el("div", { class: "searchrow" }, within, el("button", { type: "submit" }, "Search")));
  const period = params.from ? " · " + (params.from === params.to ? params.from : params.from + " – " + params.to) : "";
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const p = new URLSearchParams(params);
    if (within.value) p.set("q", within.value); else p.delete("q");
    location.hash = "#/speaker/" + sp.id + "?" + p;
  });
  const profile = el("section", { class: "profile", color },
    el("h1", { id: "speaker-name" }, sp.name),
    el("div", { class: "facts" }, sp.type + " · " + plural(sp.statements, "statement") + " in " + plural(sp.documents, "article") +
      (sp.first_date ? " · " + sp.first_date + (sp.last_date !== sp.first_date ? " – " + sp.last_date : "") : "")),
    sp.person ? personFacts(sp.person) : false,
    (sp.variants || []).length > 1 ? el("div", { class: "facts", id: "speaker-variants" }, "Named " +
      sp.variants.map(v => v.name + " (" + v.statements + ")").join(", ")) : false,
    timeline(sp, params),
    period ? el("div", { class: "hint" }, "Showing " + period.slice(3) + ". ", el("a", { href: "#/speaker/" + sp.id }, "Show all dates")) : el("div", { class: "hint" }, "Click a bar to see that period's statements."));
  const list = el("div", { id: "results" });
  view().replaceChildren(profile, form, list);
  // The total: the speaker's count, or the count of the timeline bar
  // whose period was clicked.
  let total;
  if (!params.q && !params.from && !params.to) total = sp.statements;
  else if (!params.q) {
    const b = (sp.timeline || []).find(b => (b.period.length === 7 ? b.period + "-01" : b.period) === params.from);
    const lastDay = b && (b.period.length === 7 ? new Date(Date.UTC(+b.period.slice(0, 4), +b.period.slice(5, 7), 0)).toISOString().slice(0, 10) : b.period);
    if (b && lastDay === params.to) total = b.count;
  }
  await pager(list, { speaker_id: sp.id, q: params.q, from: params.from, to: params.to, sort: params.q ? undefined : "newest" }, { hideWho: true, total });
}

// periods fills the gaps between the first and last period of a timeline.
function periods(buckets) {
  if (!buckets.length) return [];
  const monthly = buckets[0].period.length === 7;
  const counts = new Map(buckets.map(b => [b.period, b.count]));
  const out = [];
  const first = buckets[0].period, last = buckets[buckets.length - 1].period;
  let d = new Date(first + (monthly ? "-01" : "") + "T00:00:00Z");
  for (let i = 0; i < 5000; i++) {
    const p = d.toISOString().slice(0, monthly ? 7 : 10);
    out.push({ period: p, count: counts.get(p) || 0 });
    if (p >= last) break;
    if (monthly) d.setUTCMonth(d.getUTCMonth() + 1); else d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

// timeline draws statement counts per period as an SVG bar chart.
function timeline(sp, params) {
  const NS = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const data = periods(sp.timeline || []);
  const W = 1000, H = 180, L = 36, B = 28, T = 10;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", id: "timeline", role: "img", "aria-label": "Statements per " + (data.length && data[0].period.length === 7 ? "month" : "day") });
  svg.style.setProperty("--c", colorOf(sp.id));
  if (!data.length) {
    svg.append(svgEl("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No dated statements"));
    return svg;
  }
  const maxC = Math.max(...data.map(d => d.count), 1);
  const bw = (W - L - 4) / data.length;
  svg.append(svgEl("line", { x1: L, y1: H - B, x2: W, y2: H - B }));
  for (const v of [maxC, Math.round(maxC / 2)]) {
    if (v <= 0) continue;
    const y = H - B - (H - B - T) * v / maxC;
    svg.append(svgEl("line", { x1: L, y1: y, x2: W, y2: y, "stroke-dasharray": "3 4" }));
    svg.append(svgEl("text", { x: L - 6, y: y + 4, "text-anchor": "end" }, v));
  }
  const every = Math.max(1, Math.ceil(data.length / 10));
  data.forEach((d, i) => {
    const h = (H - B - T) * d.count / maxC;
    const x = L + 2 + i * bw;
    if (d.count > 0) {
      const monthly = d.period.length === 7;
      const from = monthly ? d.period + "-01" : d.period;
      const to = monthly ? new Date(Date.UTC(+d.period.slice(0, 4), +d.period.slice(5, 7), 0)).toISOString().slice(0, 10) : d.period;
      const r = svgEl("rect", { x: x + bw * 0.1, y: H - B - h, width: Math.max(bw * 0.8, 1), height: h, class: "bar" + (params.from === from ? " sel" : ""), "data-period": d.period });
      r.append(svgEl("title", {}, d.period + ": " + plural(d.count, "statement")));
      r.addEventListener("click", () => { location.hash = "#/speaker/" + sp.id + "?from=" + from + "&to=" + to; });
      svg.append(r);
    }
    if (i % every === 0) {
      const cx = x + bw / 2;
      const anchor = cx < L + 40 ? "start" : cx > W - 40 ? "end" : "middle";
      svg.append(svgEl("text", { x: anchor === "start" ? x : anchor === "end" ? W : cx, y: H - B + 16, "text-anchor": anchor }, d.period));
    }
  });
  return svg;
}

// ---- article view ----
async function docView(doc, params) {
  navOn("");
  let d;
  try {
    d = await api("documents/" + encodeURIComponent(doc));
  } catch (e) {
    if (e.status === 404) throw new Error("No such article: " + doc + ".");
    throw e;
  }
  showArticle(view(), d, params);
}

// showArticle fills box with an article and its statements highlighted:
// d is a stored document (/api/documents) or an extraction's result
// (/api/extract) with its text.
function showArticle(box, d, params) {
  // Colours: each speaker of the article its own, in order of appearance.
  // Each speaker keeps the colour it has everywhere else, unless another
  // speaker of the article has it already; past the palette, hues a
  // golden angle apart.
  const color = new Map();
  const used = new Set();
  let extra = 0;
  d.speakers.forEach(s => {
    let c = s.global ? colorOf(s.global) : null;
    if (!c || used.has(c)) c = palette.find(p => !used.has(p));
    while (!c || used.has(c)) c = extraColor(extra++);
    used.add(c);
    color.set(s.id, c);
  });
  const stColor = s => (s.speaker && color.get(s.speaker.id)) || grey;

  const text = Array.from(d.text); // code points, as the offsets count
  const marks = [];
  d.statements.forEach((s, i) => {
    for (const role of ["content", "source", "cue"]) {
      if (!s[role]) continue;
      for (const [a, b] of s[role].spans) {
        const lo = Math.max(0, Math.min(a, text.length)), hi = Math.max(lo, Math.min(b, text.length));
        if (hi > lo) marks.push({ a: lo, b: hi, role, i });
      }
    }
  });
  const cuts = [...new Set([0, text.length, ...marks.flatMap(m => [m.a, m.b])])].sort((x, y) => x - y);
  const body = el("div", { class: "doctext", id: "doctext" });
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k], b = cuts[k + 1];
    const piece = text.slice(a, b).join("");
    const on = marks.filter(m => m.a <= a && m.b >= b);
    if (!on.length) { body.append(piece); continue; }
    const roles = new Set(on.map(m => m.role));
    // The most specific role decides the colour: cue, then source, then content.
    const top = on.find(m => m.role === "cue") || on.find(m => m.role === "source") || on[0];
    const st = d.statements[top.i];
    const span = el("span", {
      class: "hl " + [...roles].join(" "), color: stColor(st), "data-st": [...new Set(on.map(m => m.i))].join(" "),
      title: (st.speaker ? st.speaker.name : "unattributed") + " — " + [...roles].join(", ") + (st.act ? " · " + st.act + (st.type ? ", " + st.type : "") : "")
    }, piece);
    span.addEventListener("click", () => select(top.i, true));
    body.append(span);
  }

  const chips = d.speakers.map(s => {
    const n = d.statements.filter(x => x.speaker && x.speaker.id === s.id).length;
    return el("a", { class: "chip", color: color.get(s.id), href: s.global ? "#/speaker/" + s.global : undefined, title: (s.titles || []).join("; ") },
      s.name + " (" + n + ")");
  });
  const meta = [d.date, d.outlet].filter(Boolean).join(" · ");
  const href = httpURL(d.url);
  const article = el("article", { class: "doc" },
    el("h1", { id: "doc-title" }, d.title || d.doc),
    el("div", { class: "meta" }, meta, href ? [" · ", el("a", { href, rel: "noopener noreferrer", target: "_blank" }, "original")] : null),
    el("div", { class: "legend" },
      el("span", { class: "ex" }, el("span", { class: "hl content", color: grey }, "content")),
      el("span", { class: "ex" }, el("span", { class: "hl source", color: grey }, "source")),
      el("span", { class: "ex" }, el("span", { class: "hl cue", color: grey }, "cue"))),
    el("div", { id: "speaker-chips" }, chips),
    d.text ? body : el("div", { class: "empty" }, "The store has no text for this article (ingest it from the articles, or from extract -text output)."));

  // Quotes only: the other statements leave the list and their marks
  // in the text are dimmed.
  const nQuotes = d.statements.filter(s => s.quote).length;
  const quotesOnly = el("input", { type: "checkbox", id: "doc-quotes", checked: params.quotes === "1", onchange: () => showQuotes(quotesOnly.checked) });
  const list = el("aside", { class: "stlist", id: "statement-list" }, el("h2", {}, plural(d.statements.length, "statement")),
    el("label", { class: "toggle" }, quotesOnly, "Quotes only (" + nQuotes + ")"),
    d.statements.map((s, i) => el("div", { class: "st" + (s.quote ? " quote" : ""), color: stColor(s), "data-i": i, onclick: () => select(i, false) },
      el("span", { class: "who" }, s.speaker ? s.speaker.name : (s.source ? s.source.text : "unattributed")), " ",
      fmtKind(s.kind), " ", fmtLabels(s), " ", s.cue ? el("em", {}, s.cue.text) : null,
      s.target ? el("span", { class: "target" }, " → ", s.target.text) : null,
      el("div", {}, s.content ? cutText(s.content.text, 160) : ""))));
  box.replaceChildren(el("div", { class: "article" }, article, list));

  function showQuotes(only) {
    for (const item of list.querySelectorAll(".st")) item.hidden = only && !item.classList.contains("quote");
    for (const e of body.querySelectorAll(".hl")) {
      e.classList.toggle("dim", only && !e.dataset.st.split(" ").some(i => d.statements[i].quote));
    }
  }
  showQuotes(quotesOnly.checked);

  function select(i, fromText) {
    for (const e of document.querySelectorAll(".hl.active, .st.active")) e.classList.remove("active");
    const parts = [...body.querySelectorAll(".hl")].filter(e => e.dataset.st.split(" ").includes(String(i)));
    parts.forEach(e => e.classList.add("active"));
    const item = list.querySelector(`.st[data-i="${i}"]`);
    if (item) item.classList.add("active");
    if (fromText) { if (item) item.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    else if (parts.length) parts[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }
  if (params.s) {
    const i = d.statements.findIndex(s => s.sid === params.s);
    if (i >= 0) select(i, false);
  }
}

// ---- paste view ----
// A text pasted here goes to POST /api/extract, which stores nothing, and
// comes back highlighted as an article of the store is.
function pasteView() {
  navOn("nav-paste");
  const text = el("textarea", { id: "paste-text", rows: 12, placeholder: "Paste the text of a news article here: its statements come back highlighted. Nothing is stored.", "aria-label": "Article text" });
  const go = el("button", { type: "submit", id: "paste-go" }, "Find statements");
  const note = el("span", { class: "hint", id: "paste-note" });
  const form = el("form", { class: "search paste", id: "paste-form" }, text, el("div", { class: "searchrow" }, go, note));
  const result = el("div", { id: "paste-result" });
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    showError("");
    const body = text.value;
    if (!body.trim()) { showError("Paste a text first."); return; }
    go.disabled = true;
    note.textContent = "Reading " + plural(new Blob([body]).size, "byte") + "…";
    document.body.dataset.ready = "";
    try {
      const d = await api("extract", null, { method: "POST", headers: { Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify({ text: body }) });
      d.text = body;
      d.title = "Pasted text";
      for (const st of d.statements) st.sid = st.id;
      note.textContent = plural(d.statements.length, "statement") + ", " + plural(d.speakers.length, "speaker") + ". Nothing was stored.";
      showArticle(result, d, {});
      document.body.dataset.ready = "#/paste:done";
    } catch (e) {
      note.textContent = "";
      showError(e.status === 501 ? "This server does not extract pasted texts (it was started with -extract=false)." : e.message);
      document.body.dataset.ready = "error";
    } finally {
      go.disabled = false;
    }
  });
  view().replaceChildren(form, result);
  text.focus();
}

function cutText(s, n) {
  const cp = Array.from(s);
  return cp.length <= n ? s : cp.slice(0, n - 1).join("") + "…";
}

// ---- people of the people list (whosaid ingest -people) ----
// personID shows the id a people list gives a person: a Wikidata QID as a
// link to its Wikidata page, any other id as text.
function personID(id) {
  return /^Q[1-9][0-9]*$/.test(id)
    ? el("a", { class: "qid", href: "https://www.wikidata.org/wiki/" + id, rel: "noopener noreferrer", target: "_blank" }, id)
    : el("span", { class: "qid" }, id);
}

const partyLink = party => el("a", { class: "party", href: "#/people?party=" + encodeURIComponent(party) }, party);

// personFacts is the line of a speaker's view saying whom the people list
// links the speaker to: id, party and role.
function personFacts(p) {
  return el("div", { class: "facts person", id: "speaker-person" }, personID(p.id),
    p.party ? [" · ", partyLink(p.party)] : false, p.role ? " · " + p.role : false);
}

// peopleView lists the people of the list, most quoted first, those of one
// party when the hash gives one (#/people?party=...).
async function peopleView(params) {
  navOn("nav-people");
  const party = params.party || "";
  const page = await api("people", { party, limit: 200 });
  const tbody = el("tbody");
  for (const p of page.people) {
    tbody.append(el("tr", {},
      el("td", {}, p.speaker ? el("a", { class: "who", href: "#/speaker/" + p.speaker, color: colorOf(p.speaker) }, p.name) : p.name),
      el("td", {}, personID(p.id)), el("td", {}, p.party ? partyLink(p.party) : ""), el("td", {}, p.role),
      el("td", { class: "n" }, p.statements.toLocaleString("en"))));
  }
  const count = el("div", { class: "count", id: "people-count" },
    page.total.toLocaleString("en") + (page.total === 1 ? " person" : " people") + (page.more ? " · showing " + page.people.length : ""));
  const filter = party ? el("div", { class: "hint", id: "party-filter" }, "Party: " + party + " · ",
    el("a", { id: "party-statements", href: "#/search?party=" + encodeURIComponent(party) }, "their statements"), " · ",
    el("a", { href: "#/people" }, "everyone")) : false;
  const table = page.total ? el("table", { class: "list", id: "people-table" },
    el("thead", {}, el("tr", {}, ["Name", "Id", "Party", "Role", "Statements"].map(h => el("th", {}, h)))), tbody)
    : el("div", { class: "empty" }, party ? "No one of this party on the list." : "No people list: load one with whosaid ingest -people FILE.");
  view().replaceChildren(el("h1", {}, "People"), filter, count, table);
}

// ---- routing ----
async function route() {
  showError("");
  document.body.dataset.ready = "";
  const { parts, params } = parseHash();
  try {
    if (outlets === null) await loadStats();
    switch (parts[0]) {
      case "speaker": await speakerView(parts[1], params); break;
      case "speakers": await speakersView(params); break;
      case "charts": await chartsView(params); break;
      case "people": await peopleView(params); break;
      case "doc": await docView(parts.slice(1).join("/"), params); break;
      case "paste": pasteView(); break;
      default: await searchView(params);
    }
    document.body.dataset.ready = location.hash || "#/";
  } catch (e) {
    showError(e.message);
    document.body.dataset.ready = "error";
  }
}
window.addEventListener("hashchange", route);
route();
