// The pure parts of the board's incremental rendering: keeping a list's DOM children in step with as few
// moves as possible, sorting activities again only where names changed, and the matrix's cells.
import { test } from "node:test";
import assert from "node:assert/strict";

import { cardKey, reconcileChildren } from "../src/board/grid.js";
import { buildView, cell, createActivitySorter, sortedActivities, viewSignature } from "../src/board/matrix.js";

// --- a minimal DOM: just what reconcileChildren uses ----------------------------------------------------

class FakeNode {
  constructor(name) {
    this.name = name;
    this.parent = null;
    this.kids = [];
  }
  get firstChild() {
    return this.kids[0] ?? null;
  }
  get nextSibling() {
    if (!this.parent) return null;
    const siblings = this.parent.kids;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  removeChild(node) {
    assert.equal(node.parent, this, "removeChild of a node that is not a child");
    this.kids.splice(this.kids.indexOf(node), 1);
    node.parent = null;
    this.log.push(`-${node.name}`);
    return node;
  }
  insertBefore(node, ref) {
    if (node.parent) {
      node.parent.kids.splice(node.parent.kids.indexOf(node), 1);
    }
    const at = ref === null ? this.kids.length : this.kids.indexOf(ref);
    assert.ok(at >= 0, "insertBefore with a reference that is not a child");
    this.kids.splice(at, 0, node);
    node.parent = this;
    this.log.push(`+${node.name}`);
    return node;
  }
}

function parentWith(names) {
  const parent = new FakeNode("ul");
  parent.log = [];
  const nodes = new Map(names.map((n) => [n, new FakeNode(n)]));
  for (const node of nodes.values()) parent.insertBefore(node, null);
  parent.log = [];
  return { parent, nodes, node: (n) => nodes.get(n) ?? nodes.set(n, new FakeNode(n)).get(n) };
}

const names = (parent) => parent.kids.map((k) => k.name);

test("reconcileChildren leaves an unchanged list alone", () => {
  const { parent, node } = parentWith(["a", "b", "c"]);
  assert.equal(reconcileChildren(parent, ["a", "b", "c"].map(node)), 0);
  assert.deepEqual(parent.log, []);
});

test("reconcileChildren removes, inserts and moves only what it must", () => {
  let { parent, node } = parentWith(["a", "b", "c", "d"]);
  assert.equal(reconcileChildren(parent, ["a", "c", "d"].map(node)), 1); // one removed
  assert.deepEqual(parent.log, ["-b"]);
  assert.deepEqual(names(parent), ["a", "c", "d"]);

  ({ parent, node } = parentWith(["a", "c"]));
  reconcileChildren(parent, ["a", "b", "c"].map(node)); // a new card in the middle
  assert.deepEqual(parent.log, ["+b"]);
  assert.deepEqual(names(parent), ["a", "b", "c"]);

  ({ parent, node } = parentWith(["a", "b", "c", "d"]));
  reconcileChildren(parent, ["a", "c", "d", "b"].map(node)); // b renamed: it sorts last now
  assert.deepEqual(names(parent), ["a", "c", "d", "b"]);
  assert.ok(!parent.log.includes("+a") && !parent.log.includes("-a"), "a stays where it is");

  ({ parent, node } = parentWith(["a", "b"]));
  reconcileChildren(parent, []);
  assert.deepEqual(names(parent), []);

  ({ parent, node } = parentWith([]));
  reconcileChildren(parent, ["x", "y"].map(node));
  assert.deepEqual(names(parent), ["x", "y"]);
});

test("reconcileChildren takes a node from another parent", () => {
  const one = parentWith(["a", "b"]);
  const two = parentWith(["c"]);
  reconcileChildren(two.parent, [two.node("c"), one.node("b")]);
  assert.deepEqual(names(two.parent), ["c", "b"]);
  assert.deepEqual(names(one.parent), ["a"]);
});

test("reconcileChildren ends with exactly the wanted order, whatever the start", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pool = "abcdefghij".split("");
  for (let round = 0; round < 300; round++) {
    const start = pool.filter(() => random() < 0.6);
    const want = pool.filter(() => random() < 0.6).sort(() => random() - 0.5);
    const { parent, node } = parentWith(start);
    const ops = reconcileChildren(parent, want.map(node));
    assert.deepEqual(names(parent), want);
    assert.ok(ops <= start.length + want.length, "no more operations than removing and inserting all");
  }
});

test("cardKey is the card's focus key (row and col '-' in the unplaced list)", () => {
  assert.equal(cardKey("a1", "r", "c"), "card:a1:r:c");
  assert.equal(cardKey("a1", null, null), "card:a1:-:-");
});

// --- sorting -------------------------------------------------------------------------------------------

/** A stand-in for the SyncClient: list("activity") gives the objects in their (insertion) order. */
function fakeClient(activities = []) {
  const objects = new Map(activities.map((a) => [a.id, Object.freeze({ ...a })]));
  return {
    list: (type) => (type === "activity" ? [...objects.values()] : []),
    set(id, fields) {
      objects.set(id, Object.freeze({ ...objects.get(id), ...fields }));
    },
    add(a) {
      objects.set(a.id, Object.freeze({ ...a }));
    },
    remove(id) {
      objects.delete(id);
    },
  };
}

const ids = (list) => list.map((a) => a.id);

test("the sorter gives the same order as a full sort: Dutch collation, case-insensitive, ties by list order", () => {
  const client = fakeClient([
    { id: "1", name: "Zwemles" },
    { id: "2", name: "opvoedcursus" },
    { id: "3", name: "Échte ouders" },
    { id: "4", name: "Opvoedcursus" },
    { id: "5", name: "ijsbaan" },
    { id: "6", name: "Buurtsport" },
  ]);
  const sorter = createActivitySorter();
  const full = sortedActivities(client);
  assert.deepEqual(ids(full), ["6", "3", "5", "2", "4", "1"]);
  assert.deepEqual(ids(sorter(client)), ids(full));
  // the objects are the client's own (the grid compares them by identity)
  const listed = new Map(client.list("activity").map((a) => [a.id, a]));
  for (const a of sorter(client)) assert.equal(a, listed.get(a.id));
});

test("the sorter follows renames, new and deleted activities exactly like a full sort", () => {
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = ["Opvoed", "opvoed", "Sport", "school", "Ëten", "Buurt", "buurt", "Zorg", "ijs", "IJs", ""];
  const name = () => `${words[Math.floor(random() * words.length)]} ${Math.floor(random() * 4)}`;
  const client = fakeClient(Array.from({ length: 300 }, (_, i) => ({ id: `a${i}`, name: name() })));
  const sorter = createActivitySorter();
  let next = 300;
  for (let round = 0; round < 200; round++) {
    const all = client.list("activity");
    const pick = () => all[Math.floor(random() * all.length)].id;
    const r = random();
    if (r < 0.7) {
      for (let k = Math.floor(random() * 4); k >= 0; k--) client.set(pick(), { name: name() }); // renames
    } else if (r < 0.8) {
      client.set(pick(), { reach: round }); // another field: the object changes, its name does not
    } else if (r < 0.85) {
      for (let k = 0; k < 150; k++) client.set(pick(), { name: name() }); // a big paste: sorted afresh
    } else if (r < 0.93) {
      client.add({ id: `a${next++}`, name: name() });
    } else {
      client.remove(pick());
    }
    assert.deepEqual(ids(sorter(client)), ids(sortedActivities(client)), `round ${round}`);
  }
});

// --- the matrix ----------------------------------------------------------------------------------------

function matrixClient() {
  const objects = {
    axis_value: [
      { id: "u", axis: "prevention_level", label: "Universeel", position: 0 },
      { id: "s", axis: "prevention_level", label: "Selectief", position: 1 },
      { id: "t1", axis: "theme", label: "Thema 1", position: 0 },
      { id: "t2", axis: "theme", label: "Thema 2", position: 1 },
    ],
    activity: [
      { id: "a", name: "A", themes: ["t1", "t2"], prevention_level: "u" },
      { id: "b", name: "B", themes: ["t2"], prevention_level: "u" },
      { id: "c", name: "C", themes: [], prevention_level: "s" },
    ],
  };
  return { list: (type) => objects[type] ?? [], objects };
}

test("buildView puts an activity in every cell of its values; cell() of an empty cell is an empty list", () => {
  const client = matrixClient();
  const matrix = { id: "m", name: "Preventiematrix", row_axis: "theme", col_axis: "prevention_level" };
  const view = buildView(client, matrix, sortedActivities(client));
  assert.deepEqual(ids(cell(view, "t1", "u")), ["a"]);
  assert.deepEqual(ids(cell(view, "t2", "u")), ["a", "b"]);
  assert.deepEqual(cell(view, "t1", "s"), []);
  assert.deepEqual(cell(view, "nope", "u"), []);
  assert.deepEqual(ids(view.unplaced), ["c"]);
});

test("viewSignature changes with the rows and columns, not with the activities", () => {
  const client = matrixClient();
  const matrix = { id: "m", name: "Preventiematrix", row_axis: "theme", col_axis: "prevention_level" };
  const before = viewSignature(buildView(client, matrix, sortedActivities(client)));
  client.objects.activity.push({ id: "d", name: "D", themes: ["t1"], prevention_level: "s" });
  assert.equal(viewSignature(buildView(client, matrix, sortedActivities(client))), before);
  client.objects.axis_value[1] = { ...client.objects.axis_value[1], label: "Selectief (nieuw)" };
  assert.notEqual(viewSignature(buildView(client, matrix, sortedActivities(client))), before);
  const other = { ...matrix, id: "m2", name: "Andere naam" }; // the same axes: the same table
  assert.equal(
    viewSignature(buildView(client, other, sortedActivities(client))),
    viewSignature(buildView(client, matrix, sortedActivities(client))),
  );
});
