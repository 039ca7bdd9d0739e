"""Node positions computed in Python, so the browser has little or nothing to settle.

Each connected part of the graph (a case, usually, plus stray items) is laid out on its
own with a Fruchterman-Reingold force layout and the parts are packed in rows, largest
first. A small graph (one case) is laid out in plain Python, which takes less time than
importing numpy does (46 nodes: about 9 ms against 80-100 ms); larger ones use numpy.
Positions are in vis-network's units (about a pixel at zoom 1) and are the same on
every run.

A graph small enough to be read whole is then snapped to a grid (:func:`grid`) whose
cells hold a node and its label, shaped to the canvas, so that the first view, fitted
to the window, draws every label apart and at a readable size. So is a part too large
for the force layout to keep its nodes apart (over LARGE nodes): there the grid is
square, to be zoomed into.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Hashable, Iterable
from typing import Any

Position = tuple[float, float]

SPACING = 150.0  # about the distance between neighbours, in px
GAP = 120.0  # between packed parts
# Above this many nodes a part's layout repels each node from a sample of the others,
# not from all of them: the dense layout needs size^2 cells per array (10,000 nodes:
# 400 MB each) and time to match.
LARGE = 1200
SAMPLE = 48  # nodes each node is repelled by, per round, in a large part
# Up to this many node pairs in all the parts to lay out (one part of about 90 nodes)
# the layout runs in plain Python, in no more time than importing numpy would take.
PYTHON_PAIRS = 4000
ROUNDS = 80  # of the force layout, for a part of up to 208 nodes
# Fewer in plain Python: a graph that small is then snapped to a grid (network.py),
# where only the nodes' order counts; over 32 cases neighbours ended 1.62 cells apart
# on average after 50 rounds, 1.60 after 80, in 40% less time.
PYTHON_ROUNDS = 50
# A grid cell: a node with its label (at most LABEL_WIDTH wide, two or three lines of
# 14 px text, under a dot or inside a box) and room between neighbours.
LABEL_WIDTH = 130
CELL_WIDTH = 150.0
CELL_HEIGHT = 104.0
# Width over height of the canvas the grid is shaped for: at 1400 x 900 the canvas
# between the legend and the side panel is about 880 x 845; wider windows have room.
GRID_ASPECT = 1.0


def positions(
    nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]], seed: int = 7
) -> dict[Any, Position]:
    """Positions for every node, each connected part laid out alone and packed in rows.

    Args:
        nodes: the node ids.
        edges: pairs of node ids (direction and repeats do not matter).
        seed: the seed for the force layout's starting positions.
    """
    order = sorted(nodes, key=str)
    neighbours: dict[Any, set[Any]] = {n: set() for n in order}
    for u, v in edges:
        if u != v and u in neighbours and v in neighbours:
            neighbours[u].add(v)
            neighbours[v].add(u)
    if not order:
        return {}
    parts = _components(order, neighbours)
    laid = _layout_parts(parts, neighbours, seed)
    return _pack(laid)


def _components(order: list[Any], neighbours: dict[Any, set[Any]]) -> list[list[Any]]:
    seen: set[Any] = set()
    parts = []
    for start in order:
        if start in seen:
            continue
        seen.add(start)
        part, queue = [], deque([start])
        while queue:
            node = queue.popleft()
            part.append(node)
            for other in sorted(neighbours[node] - seen, key=str):
                seen.add(other)
                queue.append(other)
        parts.append(part)
    # Largest first; singletons last, where they pack into a tidy grid.
    parts.sort(key=lambda p: (-len(p), str(p[0])))
    return parts


def _layout_parts(
    parts: list[list[Any]], neighbours: dict[Any, set[Any]], seed: int
) -> list[dict[Any, Position]]:
    laid: list[dict[Any, Position] | None] = [None] * len(parts)
    forced = []  # the parts for the force layout
    for i, part in enumerate(parts):
        if len(part) == 1:
            laid[i] = {part[0]: (0.0, 0.0)}
        elif len(part) == 2:
            laid[i] = {part[0]: (-SPACING / 2, 0.0), part[1]: (SPACING / 2, 0.0)}
        else:
            forced.append(i)
    if sum(len(parts[i]) * (len(parts[i]) - 1) // 2 for i in forced) <= PYTHON_PAIRS:
        for i in forced:
            laid[i] = _force_python(parts[i], neighbours, seed)
    else:
        _force_numpy(parts, forced, neighbours, seed, laid)
    return [part for part in laid if part is not None]


def _force_numpy(
    parts: list[list[Any]],
    forced: list[int],
    neighbours: dict[Any, set[Any]],
    seed: int,
    laid: list[dict[Any, Position] | None],
) -> None:
    """Lay out the parts numbered ``forced`` into ``laid``, with numpy."""
    # Parts of similar size are laid out together, as one stack of arrays: a corpus is
    # many small cases, and numpy's cost per call would dominate one case at a time.
    buckets: dict[int, list[int]] = {}
    for i in forced:
        if len(parts[i]) > LARGE:
            # Too many nodes for the force layout to keep apart (a long chronology: every
            # event meets a dozen agencies): its positions only order the nodes into a
            # grid of label-sized cells, where no two overlap.
            laid[i] = grid(_force_sampled(parts[i], neighbours, seed))
        else:
            size = -(-len(parts[i]) // 16) * 16  # padded to a multiple of 16
            buckets.setdefault(size, []).append(i)
    for size, members in buckets.items():
        # Keep each stack to a few million cells.
        step = max(1, 4_000_000 // (size * size))
        for chunk in range(0, len(members), step):
            group = members[chunk : chunk + step]
            for i, result in zip(
                group, _force([parts[i] for i in group], neighbours, size, seed), strict=True
            ):
                laid[i] = result


def _force_python(
    part: list[Any], neighbours: dict[Any, set[Any]], seed: int
) -> dict[Any, Position]:
    """Fruchterman-Reingold for one small part in plain Python: the forces and cooling
    of :func:`_force`, each pair of nodes visited once per round."""
    n = len(part)
    index = {node: i for i, node in enumerate(part)}
    links = [(index[u], index[v]) for u in part for v in neighbours[u] if index[u] < index[v]]
    rng = random.Random(seed)
    x = [rng.uniform(-1, 1) for _ in range(n)]
    y = [rng.uniform(-1, 1) for _ in range(n)]
    k = 2.0 / math.sqrt(n)
    k2, centre = k * k, 0.05 / k
    temperature = 0.25
    cooling = temperature / (PYTHON_ROUNDS + 1)
    for _ in range(PYTHON_ROUNDS):
        move_x, move_y = [0.0] * n, [0.0] * n
        for i in range(n):
            xi, yi, push_x, push_y = x[i], y[i], 0.0, 0.0
            for j in range(i + 1, n):
                dx, dy = xi - x[j], yi - y[j]
                squared = dx * dx + dy * dy
                force = k2 / (squared if squared > 1e-4 else 1e-4)
                push_x += dx * force
                push_y += dy * force
                move_x[j] -= dx * force
                move_y[j] -= dy * force
            move_x[i] += push_x
            move_y[i] += push_y
        for i, j in links:
            dx, dy = x[i] - x[j], y[i] - y[j]
            pull = math.sqrt(dx * dx + dy * dy) / k
            move_x[i] -= dx * pull
            move_y[i] -= dy * pull
            move_x[j] += dx * pull
            move_y[j] += dy * pull
        for i in range(n):
            ux, uy = move_x[i] - x[i] * centre, move_y[i] - y[i] * centre
            length = max(math.sqrt(ux * ux + uy * uy), 0.01)
            step = min(length, temperature) / length
            x[i] += ux * step
            y[i] += uy * step
        temperature -= cooling
    mean_x, mean_y = sum(x) / n, sum(y) / n
    lengths = sorted(math.hypot(x[i] - x[j], y[i] - y[j]) for i, j in links)
    typical = lengths[len(lengths) // 2] if lengths else k
    scale = SPACING / max(typical, 1e-6)
    return {node: ((x[i] - mean_x) * scale, (y[i] - mean_y) * scale) for i, node in enumerate(part)}


def _force(
    parts: list[list[Any]], neighbours: dict[Any, set[Any]], size: int, seed: int
) -> list[dict[Any, Position]]:
    """Fruchterman-Reingold on a stack of connected parts (padded to ``size``), with numpy."""
    import numpy as np

    k_parts = len(parts)
    adjacency = np.zeros((k_parts, size, size), dtype=np.float32)
    real = np.zeros((k_parts, size), dtype=np.float32)
    for p, part in enumerate(parts):
        index = {node: i for i, node in enumerate(part)}
        real[p, : len(part)] = 1.0
        for node in part:
            for other in neighbours[node]:
                adjacency[p, index[node], index[other]] = 1.0
    pair = real[:, :, None] * real[:, None, :]  # both ends are real nodes
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(k_parts, size, 2)).astype(np.float32) * real[:, :, None]
    n = real.sum(axis=1)[:, None, None]
    k = 2.0 / np.sqrt(n)  # the ideal distance, per part
    # Fewer rounds for a big part: each round costs size^2.
    rounds = ROUNDS if size <= 208 else max(15, int(ROUNDS * 208 / size))
    temperature = 0.25
    cooling = temperature / (rounds + 1)
    for _ in range(rounds):
        dx = pos[:, :, None, 0] - pos[:, None, :, 0]
        dy = pos[:, :, None, 1] - pos[:, None, :, 1]
        distance = np.sqrt(dx * dx + dy * dy)
        np.clip(distance, 0.01, None, out=distance)
        force = (k * k / (distance * distance) - adjacency * distance / k) * pair
        displacement = np.stack([(dx * force).sum(axis=2), (dy * force).sum(axis=2)], axis=-1)
        # A gentle pull to the centre keeps loosely tied nodes from drifting off.
        displacement -= pos * (0.05 / k)
        length = np.sqrt((displacement**2).sum(axis=-1))
        np.clip(length, 0.01, None, out=length)
        step = np.minimum(length, temperature) / length * real
        pos += displacement * step[:, :, None]
        temperature -= cooling
    results = []
    for p, part in enumerate(parts):
        points = pos[p, : len(part)].astype(np.float64)
        points -= points.mean(axis=0)
        # Scale so that neighbours end up about SPACING apart.
        rows, cols = np.nonzero(np.triu(adjacency[p, : len(part), : len(part)]))
        if len(rows):
            typical = float(np.median(np.sqrt(((points[rows] - points[cols]) ** 2).sum(axis=1))))
        else:
            typical = float(k[p, 0, 0])
        points *= SPACING / max(typical, 1e-6)
        results.append(
            {node: (float(points[i, 0]), float(points[i, 1])) for i, node in enumerate(part)}
        )
    return results


def _force_sampled(
    part: list[Any], neighbours: dict[Any, set[Any]], seed: int, rounds: int = 60
) -> dict[Any, Position]:
    """Fruchterman-Reingold for a large part in linear memory and time per round.

    Attraction runs along the edges only; each node is repelled by SAMPLE other nodes
    drawn afresh every round, the force scaled up by n / SAMPLE so that on average it
    equals the repulsion of all nodes. x and y are kept apart, in float32, and the
    sample never draws the node itself, so a round makes few and small temporaries
    (10,000 nodes: about 2 MB each).
    """
    import numpy as np

    n = len(part)
    index = {node: i for i, node in enumerate(part)}
    pairs = np.array(
        [(index[u], index[v]) for u in part for v in neighbours[u] if index[u] < index[v]],
        dtype=np.int64,
    ).reshape(-1, 2)
    first, second = pairs[:, 0], pairs[:, 1]
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, size=(2, n)).astype(np.float32)
    k = 2.0 / math.sqrt(n)
    push_scale = np.float32(k * k * (n - 1) / SAMPLE)
    pull_scale = np.float32(1 / k)
    centre = np.float32(0.05 / k)
    temperature = 0.25
    cooling = temperature / (rounds + 1)
    own = np.arange(n)[:, None]
    for _ in range(rounds):
        # SAMPLE others per node, never the node itself: draw from n - 1 and skip it.
        others = rng.integers(0, n - 1, size=(n, SAMPLE))
        others += others >= own
        dx = x[:, None] - x[others]
        dy = y[:, None] - y[others]
        push = dx * dx
        push += dy * dy
        np.maximum(push, np.float32(1e-4), out=push)
        np.divide(push_scale, push, out=push)
        move_x = (dx * push).sum(axis=1)
        move_y = (dy * push).sum(axis=1)
        if len(pairs):
            ex = x[first] - x[second]
            ey = y[first] - y[second]
            pull = np.sqrt(ex * ex + ey * ey) * pull_scale
            ex *= pull
            ey *= pull
            move_x -= np.bincount(first, ex, n) - np.bincount(second, ex, n)
            move_y -= np.bincount(first, ey, n) - np.bincount(second, ey, n)
        move_x -= x * centre
        move_y -= y * centre
        length = np.sqrt(move_x * move_x + move_y * move_y)
        np.maximum(length, np.float32(0.01), out=length)
        step = np.minimum(length, np.float32(temperature)) / length
        x += move_x * step
        y += move_y * step
        temperature -= cooling
    pos = np.stack([x, y], axis=1).astype(np.float64)
    pos -= pos.mean(axis=0)
    if len(pairs):
        typical = float(np.median(np.sqrt(((pos[first] - pos[second]) ** 2).sum(1))))
    else:
        typical = k
    pos *= SPACING / max(typical, 1e-6)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(part)}


def _pack(laid: list[dict[Any, Position]]) -> dict[Any, Position]:
    """Shelf-pack the parts' bounding boxes in rows about as wide as the whole is tall."""
    boxes = []
    for part in laid:
        xs = [p[0] for p in part.values()]
        ys = [p[1] for p in part.values()]
        # A lone node still needs room for its label.
        boxes.append(
            (
                min(xs),
                min(ys),
                max(xs) - min(xs) + GAP + (90 if len(part) == 1 else 0),
                max(ys) - min(ys) + GAP,
            )
        )
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.3, max(w for _, _, w, _ in boxes))
    result: dict[Any, Position] = {}
    x = y = row_height = 0.0
    for part, (x0, y0, w, h) in zip(laid, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in part.items():
            result[node] = (round(px - x0 + x, 1), round(py - y0 + y, 1))
        x += w
        row_height = max(row_height, h)
    # Centre the whole on the origin.
    xs = [p[0] for p in result.values()]
    ys = [p[1] for p in result.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(px - cx, 1), round(py - cy, 1)) for node, (px, py) in result.items()}


def grid(where: dict[Any, Position], aspect: float = GRID_ASPECT) -> dict[Any, Position]:
    """The positions snapped to a grid of label-sized cells, shaped to ``aspect``.

    Nodes go into rows by their height in ``where`` and along each row by their
    left-to-right order, so neighbours stay near each other; the number of columns is
    the one that lets the whole grid be drawn largest on a canvas of that aspect.
    """
    n = len(where)
    if not n:
        return {}

    def drawn_scale(cols: int) -> float:
        return min(aspect / (cols * CELL_WIDTH), 1 / (-(-n // cols) * CELL_HEIGHT))

    cols = max(range(1, n + 1), key=lambda c: (drawn_scale(c), -c))
    rows = -(-n // cols)
    by_height = sorted(where, key=lambda node: (where[node][1], where[node][0], str(node)))
    result: dict[Any, Position] = {}
    start = 0
    for r in range(rows):
        # Rows as even as can be: the first ``n % rows`` rows take one node more.
        size = n // rows + (1 if r < n % rows else 0)
        row = sorted(by_height[start : start + size], key=lambda node: (where[node][0], str(node)))
        start += size
        offset = (cols - len(row)) / 2 - (cols - 1) / 2
        for c, node in enumerate(row):
            result[node] = (
                round((c + offset) * CELL_WIDTH, 1),
                round((r - (rows - 1) / 2) * CELL_HEIGHT, 1),
            )
    return result
