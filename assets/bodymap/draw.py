#!/usr/bin/env python3
"""Draw the triggermap body map: writes bodymap.svg next to this file.

Standard library only. Run:  python assets/bodymap/draw.py [OUTPUT]   (default: bodymap.svg here)

Coordinates
-----------
Every shape is written ONCE, for the person's RIGHT side, in "body units":
``(u, y)`` where ``u`` is the distance from the body's midline towards the
person's right (u >= 0) and ``y`` is the ordinary SVG y (down).  ``place``
turns body units into SVG x for one view, and ``mirror`` flips a placed
shape about that view's centre line to get the LEFT side.

* BACK view (left half of the picture): the person's right is the viewer's
  right, so x = CX_BACK + u.
* FRONT view (right half): the person's right is the viewer's left, so
  x = CX_FRONT - u.

Midline shapes (head, spine marks, sacrum...) are written as their right
half and closed with their own mirror image.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "bodymap.svg"

WIDTH, HEIGHT = 1000, 1240
VIEWS = {  # view -> (centre line x, sign of the person's right side)
    "back": (250, +1),
    "front": (750, -1),
}
SIDES = ("right", "left")

# --------------------------------------------------------------------------
# small geometry helpers
# --------------------------------------------------------------------------


def num(v: float) -> str:
    """Compact, deterministic number formatting (one decimal)."""
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def place(points, view):
    """Body units of the person's right side -> SVG coordinates in ``view``."""
    cx, sign = VIEWS[view]
    return [(cx + sign * u, y) for u, y in points]


def mirror(points, view):
    """Reflect SVG points about the centre line of ``view``."""
    cx, _ = VIEWS[view]
    return [(2 * cx - x, y) for x, y in points]


def sided(points, view, side):
    """A right-side shape (body units) drawn on ``side`` of ``view``."""
    pts = place(points, view)
    return pts if side == "right" else mirror(pts, view)


def symmetric(half):
    """Close a right half-outline (running from the midline back to the
    midline) with its mirror image; result is still in body units."""
    body = list(half)
    other = [(-u, y) for u, y in reversed(half)]
    if other and body and other[0] == body[-1]:
        other = other[1:]
    if other and body and other[-1] == body[0]:
        other = other[:-1]
    return body + other


def symmetric_line(half):
    """An open midline curve from its right half (running midline -> out)."""
    return [(-u, y) for u, y in reversed(half)][:-1] + list(half)


def ellipse(cx, cy, rx, ry, n=12):
    """Points round an ellipse (body units), for smooth closed curves."""
    return [
        (cx + rx * math.sin(2 * math.pi * k / n), cy - ry * math.cos(2 * math.pi * k / n))
        for k in range(n)
    ]


def bezier_segments(pts, closed, corners=()):
    """Catmull-Rom spline through ``pts`` as cubic Bezier segments.

    ``corners``: indices of points where the curve may bend sharply.
    Returns a list of (p0, c1, c2, p1).
    """
    n = len(pts)
    corners = set(corners)
    count = n if closed else n - 1
    segs = []
    for i in range(count):
        p1, p2 = pts[i], pts[(i + 1) % n]
        p0 = pts[(i - 1) % n] if (closed or i > 0) else p1
        p3 = pts[(i + 2) % n] if (closed or i + 2 < n) else p2
        if i in corners:
            c1 = p1
        else:
            c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        if (i + 1) % n in corners:
            c2 = p2
        else:
            c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segs.append((p1, c1, c2, p2))
    return segs


def smooth_d(pts, closed=True, corners=()):
    """SVG path data for a smooth curve through ``pts`` (SVG coordinates)."""
    segs = bezier_segments(pts, closed, corners)
    out = [f"M{num(pts[0][0])} {num(pts[0][1])}"]
    for _, c1, c2, p in segs:
        out.append(
            f"C{num(c1[0])} {num(c1[1])} {num(c2[0])} {num(c2[1])} {num(p[0])} {num(p[1])}"
        )
    if closed:
        out.append("Z")
    return "".join(out)


def poly_d(pts, closed=True):
    """SVG path data for a polygon / polyline."""
    out = [f"M{num(pts[0][0])} {num(pts[0][1])}"]
    out += [f"L{num(x)} {num(y)}" for x, y in pts[1:]]
    if closed:
        out.append("Z")
    return "".join(out)


def bez_point(seg, t):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = seg
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def sample(pts, closed=False, corners=(), steps=8):
    """Dense polyline along the smooth curve through ``pts``."""
    segs = bezier_segments(pts, closed, corners)
    out = []
    for seg in segs:
        out += [bez_point(seg, k / steps) for k in range(steps)]
    out.append(segs[-1][3] if not closed else segs[0][0])
    return out


def join(*parts):
    """Concatenate polylines, dropping repeated joint points."""
    out = []
    for part in parts:
        for p in part:
            if not out or abs(out[-1][0] - p[0]) > 0.05 or abs(out[-1][1] - p[1]) > 0.05:
                out.append(p)
    if len(out) > 1 and abs(out[0][0] - out[-1][0]) < 0.05 and abs(out[0][1] - out[-1][1]) < 0.05:
        out.pop()
    return out


def rev(pts):
    return list(reversed(pts))


# --------------------------------------------------------------------------
# the silhouette: right half of the trunk + leg, from the neck round the
# foot and up the inner leg to the crotch (body units)
# --------------------------------------------------------------------------

NECK_SHOULDER = [
    (0, 186), (24, 189), (27, 214), (33, 235), (58, 246), (90, 256),
    (110, 266), (118, 288), (114, 312),
]
# lateral edge, armpit to ankle (monotone in y)
LATERAL = [
    (110, 330), (105, 365), (99, 400), (92, 430), (87, 455), (88, 480),
    (95, 506), (108, 545), (118, 583), (122, 612), (119, 648), (112, 700),
    (102, 760), (90, 820), (80, 860), (76, 890), (77, 925), (82, 965),
    (79, 1010), (72, 1055), (66, 1093), (65, 1112), (67, 1128),
]
FOOT = {
    # seen from behind: the heel, a little of the outer forefoot
    "back": [
        (67, 1141), (71, 1153), (74, 1163), (69, 1171), (58, 1175),
        (45, 1178), (32, 1176), (23, 1170), (19, 1160), (21, 1146),
        (23, 1134),
    ],
    # seen from the front: top of the foot and the toes, turned out a little
    "front": [
        (70, 1141), (76, 1155), (82, 1166), (83, 1174), (78, 1178),
        (75, 1177), (70, 1182), (66, 1181), (60, 1185), (55, 1184),
        (48, 1188), (42, 1187), (31, 1191), (21, 1188), (17, 1178),
        (17, 1160), (20, 1146), (23, 1134),
    ],
}
# inner edge, ankle up to the knee (shared by both views)
MEDIAL_LOW = [
    (21, 1117), (23, 1095), (21, 1060), (15, 1012), (13, 975), (17, 930),
    (16, 890), (18, 855), (16, 800), (13, 740),
]
# inner thigh up to the crotch: from behind the buttocks hide the crotch,
# so the thighs part lower down
MEDIAL_HIGH = {
    "back": [(11, 712), (7, 696), (0, 684)],
    "front": [(11, 700), (8, 670), (4, 652), (0, 641)],
}


class Outline:
    """The right half-silhouette of one view as a dense polyline, with
    helpers to cut pieces of it by height (used to make the zones follow
    the body outline exactly)."""

    STEPS = 10

    def __init__(self, view):
        pieces = [
            ("neck", NECK_SHOULDER),
            ("lateral", LATERAL),
            ("foot", FOOT[view]),
            ("medial", MEDIAL_LOW + MEDIAL_HIGH[view]),
        ]
        self.controls = []
        self.start = {}
        for name, pts in pieces:
            self.start[name] = len(self.controls)
            self.controls += pts
        self.order = [name for name, _ in pieces]
        last = len(self.controls) - 1
        self.corners = (last,)  # the crotch
        self.samples = sample(self.controls, False, self.corners, self.STEPS)

    def window(self, first, last):
        """Sample index range from piece ``first`` through piece ``last``."""
        i0 = self.start[first] * self.STEPS
        nxt = self.order.index(last) + 1
        if nxt < len(self.order):
            i1 = self.start[self.order[nxt]] * self.STEPS
        else:
            i1 = len(self.samples) - 1
        return i0, i1

    def _cross(self, win, y):
        i0, i1 = win
        s = self.samples
        for j in range(i0, i1):
            (_, ya), (_, yb) = s[j], s[j + 1]
            if ya != yb and (ya - y) * (yb - y) <= 0:
                return j + (y - ya) / (yb - ya)
        raise ValueError(f"outline does not reach y={y}")

    def _at(self, t):
        j = int(t)
        f = t - j
        if j >= len(self.samples) - 1:
            return self.samples[-1]
        (xa, ya), (xb, yb) = self.samples[j], self.samples[j + 1]
        return (xa + f * (xb - xa), ya + f * (yb - ya))

    def point(self, y, first="lateral", last=None):
        return self._at(self._cross(self.window(first, last or first), y))

    def u(self, y, first="lateral", last=None):
        return self.point(y, first, last)[0]

    def path(self, y1, y2, first="lateral", last=None):
        """The outline from height y1 to height y2 (in that order)."""
        win = self.window(first, last or first)
        t1, t2 = self._cross(win, y1), self._cross(win, y2)
        lo, hi = sorted((t1, t2))
        pts = [self._at(lo)]
        pts += self.samples[int(lo) + 1 : int(hi) + 1]
        pts.append(self._at(hi))
        return pts if t1 <= t2 else rev(pts)


OUTLINES = {view: Outline(view) for view in VIEWS}


def keep_inside(points, view, margin=5):
    """Pull shape points (body units) at least ``margin`` inside the
    silhouette of ``view``, so muscles never touch or cross the outline."""
    o = OUTLINES[view]
    crotch_y = o.controls[-1][1]
    out = []
    for u, y in points:
        if LATERAL[0][1] <= y <= LATERAL[-1][1]:
            u = min(u, o.u(y) - margin)
        if crotch_y < y <= MEDIAL_LOW[0][1]:
            u = max(u, o.u(y, "medial") + margin)
        out.append((u, y))
    return out


def curve(*pts, steps=6):
    """A smooth interior boundary through ``pts`` (body units)."""
    return sample(list(pts), False, (), steps)


# --------------------------------------------------------------------------
# art: silhouettes and landmarks
# --------------------------------------------------------------------------

HEAD_HALF = [
    (0, 70), (30, 75), (48, 96), (53, 126), (50, 158), (40, 184),
    (22, 200), (0, 205),
]
EAR = [(49, 120), (57, 118), (60, 132), (57, 150), (50, 156)]
ARM = [
    (76, 252), (102, 259), (126, 268), (143, 282), (151, 306), (154, 340),
    (157, 386), (162, 430), (167, 468), (176, 512), (184, 560), (190, 610),
    (196, 632), (201, 662), (202, 700), (197, 728), (187, 743), (176, 740),
    (169, 722), (164, 695), (160, 664), (159, 630), (153, 588), (143, 532),
    (128, 474), (120, 428), (113, 384), (106, 342), (101, 320), (96, 292),
    (86, 266),
]
ARM_CORNERS = (28,)  # the armpit

# Landmarks, as (kind, points) in body units.  Kinds (see mark_path):
#   sided shapes (written for the person's right, mirrored for the left):
#     "line"  smooth open curve          "faint" the same, lighter
#     "ring"  smooth closed curve
#   midline shapes (written as a right half, completed by its mirror image):
#     "groove" straight faint line on the midline
#     "arch"   open curve, half running from the midline outwards
#     "loop"   closed curve, half running midline -> midline
#     "bone"   like "loop" but filled, with corners on the midline
BACK_MARKS = [
    ("line", [(10, 418), (40, 430), (66, 444), (80, 455)]),  # 12th rib
    ("line", [(30, 553), (44, 536), (62, 521), (80, 511), (92, 508)]),  # iliac crest
    ("ring", ellipse(30, 556, 3.6, 4.2, 8)),  # PSIS dimple
    ("ring", ellipse(107, 605, 8, 13)),  # greater trochanter
    # scapula: spine of scapula and its outline, kept very light
    ("faint", [(38, 296), (70, 284), (106, 270)]),
    ("faint", [(40, 274), (38, 320), (44, 360), (54, 380), (76, 340), (98, 302)]),
    ("line", [(3, 681), (26, 690), (56, 689), (80, 679), (92, 668)]),  # gluteal fold
    ("line", [(30, 886), (46, 891), (62, 886)]),  # back of the knee
    ("faint", [(37, 1068), (38, 1100), (37, 1126)]),  # heel cord
    ("faint", [(49, 1068), (48, 1100), (49, 1126)]),
    ("line", [(60, 1120), (64, 1127), (61, 1135)]),  # lateral malleolus
    ("faint", [(58, 1146), (60, 1162), (46, 1171), (31, 1164), (30, 1146)]),  # heel pad
    ("line", [(28, 1108), (25, 1116), (28, 1124)]),  # medial malleolus
    ("faint", [(158, 460), (162, 470), (158, 480)]),  # elbow point
    ("faint", [(195, 646), (190, 668), (184, 688)]),  # thumb
]
FRONT_MARKS = [
    ("line", [(9, 252), (36, 256), (66, 254), (96, 262)]),  # clavicle
    ("faint", [(10, 312), (40, 336), (74, 334), (98, 314)]),  # chest
    ("line", [(5, 386), (24, 400), (48, 421), (68, 442), (81, 458)]),  # rib margin
    ("line", [(80, 536), (92, 524), (98, 512)]),  # front of the iliac crest
    ("ring", ellipse(80, 538, 4, 4, 8)),  # ASIS
    ("line", [(80, 551), (58, 573), (36, 597), (21, 617), (12, 630)]),  # inguinal crease
    ("ring", ellipse(46, 881, 14, 18)),  # kneecap
    ("faint", [(46, 928), (45, 1000), (43, 1100)]),  # shin
    ("line", [(22, 1106), (25, 1113), (22, 1122)]),  # medial malleolus
    ("line", [(63, 1116), (67, 1124), (64, 1132)]),  # lateral malleolus
    ("faint", [(40, 1178), (42, 1186)]),  # toes
    ("faint", [(54, 1176), (55, 1183)]),
    ("faint", [(65, 1173), (66, 1180)]),
    ("faint", [(74, 1170), (75, 1176)]),
    ("faint", [(32, 184), (22, 215), (10, 238)]),  # neck
    ("faint", [(158, 468), (146, 474)]),  # elbow crease
    ("faint", [(195, 646), (190, 668), (184, 688)]),  # thumb
]
BACK_MIDLINE = [
    ("groove", [(0, 244), (0, 372)]),  # spinal groove above T10
    ("bone", [(0, 538), (30, 538), (26, 562), (16, 588), (0, 610)]),  # sacrum
    ("bone", [(0, 610), (6, 612), (4, 624), (0, 634)]),  # coccyx
    ("groove", [(0, 636), (0, 676)]),  # gluteal cleft
]
VERTEBRAE = [380, 398, 417, 438, 460, 482, 504, 525]  # T10 .. L5
SACRAL_FORAMINA = [(13, 552), (12, 568), (10, 583), (8, 597)]
FRONT_MIDLINE = [
    ("loop", [(0, 476), (4, 478), (5, 482), (4, 486.5), (0, 488.5)]),  # navel
    ("arch", [(0, 599), (10, 600.5), (18, 604)]),  # pubic crest
    ("groove", [(0, 599), (0, 607)]),  # pubic symphysis
    ("groove", [(0, 392), (0, 470)]),  # linea alba
    ("groove", [(0, 496), (0, 592)]),
]


# The soles. No view shows them, so they are drawn as a small inset beside the
# back view's feet, seen from behind as when the person kneels: heels up, toes
# down, the right sole on the viewer's right as in the back view. The RIGHT
# sole is written in inset units (u from the inset's centre line, v down from
# the heels); ``sole_place`` puts it in the picture and mirrors it for the left.
SOLES_CX, SOLES_TOP = 478, 1034  # the inset's centre line and the top of the heels (SVG)
SOLES_FRAME = (388, 986, 180, 238)  # x, y, width, height of its frame
SOLE = [  # from the outer base of the little toe round the heel to the inner base of the big toe
    (66, 116), (68, 104), (65, 90), (61, 70), (59, 50), (60, 30), (58, 13),
    (51, 3), (40, 0), (28, 6), (22, 20), (24, 38), (26, 58), (25, 78),
    (21, 96), (16, 114), (14, 130),
]
# the toes, big toe first: where each one's outline meets the next, and its length
SOLE_TOE_BASES = [(14, 130), (29, 139), (39, 135), (48, 130), (57, 124), (66, 116)]
SOLE_TOE_LENGTHS = [16, 12, 11, 9, 8]
SOLE_MARKS = [
    [(16, 122), (32, 126), (48, 120), (66, 110)],  # crease at the base of the toes
    [(27, 28), (33, 33), (40, 35), (47, 33), (53, 28)],  # front edge of the heel pad
]


def sole_place(points, side):
    """Inset units of the right sole -> SVG coordinates for ``side``."""
    sign = 1 if side == "right" else -1
    return [(SOLES_CX + sign * u, SOLES_TOP + v) for u, v in points]


def sole_outline(side):
    """The sole as a dense closed polyline (SVG): the art and the zone share it."""
    pts = sample(SOLE, steps=8)
    for (u0, v0), (u1, v1), length in zip(SOLE_TOE_BASES, SOLE_TOE_BASES[1:], SOLE_TOE_LENGTHS):
        du, dv = (u1 - u0) / 2, (v1 - v0) / 2
        half = math.hypot(du, dv)
        nu, nv = -dv / half, du / half  # away from the foot
        for k in range(1, 13):
            t = math.pi * k / 12
            c, s = -math.cos(t), math.sin(t)
            pts.append((u0 + du + c * du + s * length * nu, v0 + dv + c * dv + s * length * nv))
    return sole_place(join(pts), side)


def soles_art():
    """The inset's frame, title and side labels (the soles' outlines are silhouette parts)."""
    x, y, w, h = SOLES_FRAME
    lines = [
        '<g class="inset inset-soles">',
        f'<rect class="inset-frame" x="{x}" y="{y}" width="{w}" height="{h}" rx="12" '
        'fill="none" stroke="#cdb6a6" stroke-width="1.5"/>',
        f'<text class="inset-title" x="{SOLES_CX}" y="{y + 28}" font-size="22" font-weight="600">Soles</text>',
        '<g class="landmarks" fill="none" stroke="#b69886" stroke-width="1.8" stroke-linecap="round">',
    ]
    for side in SIDES:
        lines += [f'<path class="faint" d="{smooth_d(sole_place(m, side), False)}"/>' for m in SOLE_MARKS]
    lines.append("</g>")
    for side in SIDES:
        (lx, ly), = sole_place([(42, 177)], side)
        lines.append(f'<text class="side-label" x="{num(lx)}" y="{num(ly)}" font-size="20">{side.capitalize()}</text>')
    lines.append("</g>")
    return lines


def mark_path(kind, pts, view, side="right"):
    """One landmark as an SVG <path> (see the kinds above)."""
    if kind == "groove":
        return f'<path class="faint" d="{poly_d(place(pts, view), False)}"/>'
    if kind == "arch":
        return f'<path d="{smooth_d(place(symmetric_line(pts), view), False)}"/>'
    if kind == "loop":
        return f'<path d="{smooth_d(place(symmetric(pts), view))}"/>'
    if kind == "bone":
        d = smooth_d(place(symmetric(pts), view), True, (0, len(pts) - 1))
        return f'<path class="bone" d="{d}"/>'
    xy = sided(pts, view, side)
    if kind == "ring":
        return f'<path d="{smooth_d(xy)}"/>'
    cls = ' class="faint"' if kind == "faint" else ""
    return f'<path{cls} d="{smooth_d(xy, False)}"/>'


def art_view(view):
    """Return SVG lines for one view's art group."""
    cx, _ = VIEWS[view]
    outline = OUTLINES[view]
    vid = f"art-{view}"
    lines = [f'<g class="view view-{view}" text-anchor="middle" fill="#5b4a40">']
    lines.append(
        f'<text class="view-title" x="{cx}" y="44" font-size="30" font-weight="600">'
        f"{view.capitalize()}</text>"
    )

    # silhouette parts: drawn once with a thick outline, then once more
    # (via <use>) filled without outline, so the overlaps merge cleanly
    parts = []
    body = place(symmetric(outline.controls), view)
    crotch = len(outline.controls) - 1
    parts.append((f"{vid}-body", smooth_d(body, True, (crotch,))))
    parts.append((f"{vid}-head", smooth_d(place(symmetric(HEAD_HALF), view))))
    for side in SIDES:
        parts.append((f"{vid}-ear-{side}", smooth_d(sided(EAR, view, side), closed=False)))
        parts.append((f"{vid}-arm-{side}", smooth_d(sided(ARM, view, side), True, ARM_CORNERS)))
    if view == "back":
        parts += [(f"{vid}-sole-{side}", poly_d(sole_outline(side))) for side in SIDES]
    lines.append('<g class="body-line" fill="#f3e6dc" stroke="#8b6d5c" stroke-width="6" stroke-linejoin="round">')
    lines += [f'<path id="{pid}" d="{d}"/>' for pid, d in parts]
    lines.append("</g>")
    lines.append('<g class="body-fill" fill="#f3e6dc" stroke="none">')
    lines += [f'<use href="#{pid}"/>' for pid, _ in parts]
    lines.append("</g>")

    # landmarks
    marks = BACK_MARKS if view == "back" else FRONT_MARKS
    midline = BACK_MIDLINE if view == "back" else FRONT_MIDLINE
    lines.append('<g class="landmarks" fill="none" stroke="#b69886" stroke-width="1.8" stroke-linecap="round">')
    lines += [mark_path(kind, pts, view) for kind, pts in midline]
    if view == "back":
        for y in VERTEBRAE:
            lines.append(
                f'<rect class="bone" x="{num(cx - 6)}" y="{num(y - 4.5)}" width="12" height="9" rx="3"/>'
            )
    for side in SIDES:
        lines += [mark_path(kind, pts, view, side) for kind, pts in marks]
        if view == "back":
            for p in sided(SACRAL_FORAMINA, view, side):
                lines.append(f'<circle class="dot" cx="{num(p[0])}" cy="{num(p[1])}" r="1.8"/>')
    lines.append("</g>")

    if view == "back":
        lines += soles_art()

    # side labels: under the feet, on the side of the picture they belong to
    for side in SIDES:
        (x, y), = sided([(92, 1222)], view, side)
        lines.append(
            f'<text class="side-label" x="{num(x)}" y="{num(y)}" font-size="22">{side.capitalize()}</text>'
        )
    lines.append("</g>")
    return lines


# --------------------------------------------------------------------------
# zones: click targets that tile the lower trunk and legs of each view
# --------------------------------------------------------------------------


def build_back_zones():
    """Right-side back-view zones (body units)."""
    o = OUTLINES["back"]

    def L(y):  # point on the lateral edge
        return (o.u(y), y)

    top_y, rib_y, crest_top_y, crest_bot_y = 378, 458, 491, 526
    hip_bot_y, knee_top, knee_bot, leg_bot = 665, 852, 925, 1088
    back_crotch = 684

    # corner nodes shared by neighbouring zones
    A, B, C = (31, 534), (44, 518), (50, 548)  # sacrum corner, SI top, SI side
    D, E = (44, 602), (12, 598)  # bottom of the SI zone, sacrum/coccyx corner
    F, G, H = (88, 616), (80, 531), (86, hip_bot_y + 1)  # lateral hip strip
    K, K2 = (55, knee_top), (52, knee_bot)  # lateral strip at the knee
    P, Q = (51, leg_bot), (52, 1138)  # lateral strip at the ankle
    N, M = (50, 1050), (o.u(1062, "foot", "medial"), 1062)  # top of the Achilles zone

    rib = curve((0, 420), (35, 430), (70, 446), L(rib_y))
    crest_top = curve(L(crest_top_y), (86, 493), (72, 500), (58, 508), B)
    crest_bot_med = curve(C, (64, 539), G)
    crest_bot_lat = curve(G, (92, 526.5), L(crest_bot_y))
    si_side = curve(C, (48, 575), D)
    sacrum_edge = curve(A, (26, 560), (19, 582), E)
    coccyx_edge = curve(E, (14, 615), (12, 635), (6, 646), (0, 650))
    buttock_split = curve(D, (68, 611), F)
    hip_upper = curve(G, (84, 572), F)
    hip_lower = curve(F, (89, 640), H)
    fold = curve(H, (60, 684), (30, 689), (0, back_crotch))
    thigh_line = curve(H, (80, 720), (70, 785), K)
    knee_line = curve(K, (50, 890), K2)
    leg_line = curve(K2, (58, 965), (56, 1010), N, P)
    ankle_line = curve(P, (51, 1115), Q)
    achilles_top = curve(N, (36, 1057), M)
    n = leg_line.index(N)

    med = lambda y1, y2: o.path(y1, y2, "foot", "medial")  # noqa: E731
    lat = lambda y1, y2: o.path(y1, y2, "lateral", "foot")  # noqa: E731

    z = {}
    z["thoracolumbar"] = join([(0, top_y)], lat(top_y, rib_y), rev(rib))
    z["lumbar"] = join(rib, lat(rib_y, crest_top_y), crest_top, [A, (0, A[1])])
    z["iliac_crest"] = join(crest_top, crest_bot_med, crest_bot_lat, lat(crest_bot_y, crest_top_y))
    z["sacroiliac"] = join([A, B], si_side, [E], rev(sacrum_edge))
    z["upper_buttock"] = join(crest_bot_med, hip_upper, rev(buttock_split), rev(si_side))
    z["lateral_hip"] = join(crest_bot_lat, lat(crest_bot_y, hip_bot_y), rev(hip_lower), rev(hip_upper))
    z["lower_buttock"] = join([E], buttock_split, hip_lower, fold, [(0, 650)], rev(coccyx_edge))
    z["posterior_thigh"] = join(rev(fold), thigh_line, med(knee_top, back_crotch))
    z["lateral_thigh"] = join([H], lat(hip_bot_y, knee_top), rev(thigh_line))
    z["posterior_knee"] = join(knee_line, med(knee_bot, knee_top))
    z["lateral_knee"] = join(lat(knee_top, knee_bot), rev(knee_line))
    z["calf"] = join(leg_line[: n + 1], achilles_top, med(M[1], knee_bot))
    z["achilles"] = join(leg_line[n:], ankle_line, med(1134, M[1]), rev(achilles_top))
    z["lateral_leg"] = join(lat(knee_bot, leg_bot), rev(leg_line))
    z["lateral_ankle"] = join(lat(leg_bot, 1150), [Q], rev(ankle_line))
    z["heel"] = join(o.path(1150, 1134, "foot"), [Q])
    mid = {
        "sacrum": join([(0, A[1])], [A], sacrum_edge, [(0, E[1])]),
        "coccyx": join([(0, E[1])], coccyx_edge),
    }
    return z, mid


def build_front_zones():
    """Right-side front-view zones (body units)."""
    o = OUTLINES["front"]

    def L(y):
        return (o.u(y), y)

    top_y, hip_y, hip_bot_y, knee_top, knee_bot, ankle_y = 488, 516, 656, 852, 925, 1126
    crotch = (0, 641)
    g1, g2, g3, g4 = (72, 534), (18, 604), (16, 622), (94, 553)  # groin band corners
    m1, m3 = (36, 618), (46, knee_top)  # medial thigh strip
    h2, h3 = (90, 652), (62, 594)  # anterior hip / anterior thigh corners

    abdomen_bottom = curve(L(hip_y), (86, 526), g1)
    groin_top = curve(g1, (52, 556), (32, 582), g2)
    groin_bot_med = curve(g3, m1)
    groin_bot_mid = curve(m1, (48, 610), h3)
    groin_bot_lat = curve(h3, (78, 574), g4)
    hip_bot = curve(h3, (74, 626), h2)
    perineum_side = curve(g2, g3, (9, 633), crotch)
    med_line = curve(m1, (40, 650), (48, 700), (50, 780), m3)
    rib_margin = curve((0, 384), (24, 399), (48, 420), (68, 441), L(458))
    knee_line = curve(m3, (36, 862), (31, 881), (33, 902), (38, knee_bot))  # inner edge of the kneecap

    med = lambda y1, y2: o.path(y1, y2, "foot", "medial")  # noqa: E731
    lat = lambda y1, y2: o.path(y1, y2, "lateral")  # noqa: E731

    z = {}
    z["upper_abdomen"] = join(rib_margin, lat(458, top_y), [(0, top_y)])
    z["lower_abdomen"] = join([(0, top_y)], lat(top_y, hip_y), abdomen_bottom, groin_top, [(0, g2[1])])
    z["groin"] = join(groin_top, [g3], groin_bot_med, groin_bot_mid, groin_bot_lat, [g1])
    z["anterior_hip"] = join(rev(abdomen_bottom), lat(hip_y, hip_bot_y), rev(hip_bot), groin_bot_lat, [g1])
    z["medial_thigh"] = join(perineum_side[perineum_side.index(g3):], med(641, knee_top)[1:], rev(med_line), rev(groin_bot_med))
    z["anterior_thigh"] = join(groin_bot_mid, hip_bot, lat(hip_bot_y, knee_top), rev(med_line))
    z["medial_knee"] = join(knee_line, med(knee_bot, knee_top))
    z["anterior_knee"] = join(knee_line, lat(knee_bot, knee_top))
    z["anterior_leg"] = join(med(knee_bot, ankle_y), lat(ankle_y, knee_bot))
    mid = {"perineum": join([(0, g2[1])], perineum_side)}
    return z, mid


# --------------------------------------------------------------------------
# muscles (right side, body units). Order = paint order: big superficial
# muscles first, smaller and deep ones later so each stays clickable.
# Each entry: (muscle_id, view, depth, [subpath, ...])
# --------------------------------------------------------------------------

# shared edge: top of gluteus maximus = lower edge of the visible medius
GLUTE_MAX_TOP = [(32, 546), (56, 562), (84, 580), (104, 595), (113, 607)]
# shared edge: lateral border of iliocostalis = medial border of QL
ILIOCOSTALIS_LATERAL = [(80, 346), (74, 380), (66, 420), (60, 460), (58, 500), (57, 528)]

MUSCLES = [
    ("gluteus_maximus", "back", "superficial", [GLUTE_MAX_TOP + [
        (117, 632), (117, 662), (113, 690), (107, 707), (84, 703), (50, 693),
        (22, 677), (8, 653), (7, 628), (14, 602), (22, 576),
    ]]),
    ("hamstrings", "back", "superficial", [
        [  # semitendinosus / semimembranosus
            (22, 668), (38, 664), (46, 700), (46, 780), (39, 850), (31, 900),
            (26, 934), (20, 934), (17, 885), (15, 800), (14, 724),
        ],
        [  # biceps femoris
            (44, 668), (58, 672), (84, 722), (92, 790), (82, 860), (70, 926),
            (62, 926), (60, 870), (58, 800), (52, 730),
        ],
    ]),
    ("vastus_lateralis", "front", "superficial", [[
        (98, 634), (116, 654), (110, 700), (99, 760), (87, 815), (74, 858),
        (62, 868), (58, 830), (62, 780), (70, 720), (84, 665),
    ]]),
    ("rectus_abdominis", "front", "superficial", [
        [
            (5, 348), (30, 342), (52, 348), (55, 402), (52, 462), (46, 520),
            (36, 570), (20, 603), (6, 603), (5, 540), (8, 482), (5, 420),
        ],
        ("line", [(5.5, 393), (54.5, 390)]),  # tendinous intersections
        ("line", [(6, 438), (54, 435)]),
        ("line", [(7.5, 481), (50, 478)]),
    ]),
    ("longissimus_thoracis", "back", "superficial", [[
        (14, 312), (24, 332), (30, 380), (33, 440), (34, 490), (32, 530),
        (25, 562), (14, 586), (7, 578), (6, 500), (6, 400), (8, 340),
    ]]),
    ("iliocostalis_lumborum", "back", "superficial", [ILIOCOSTALIS_LATERAL + [
        (46, 538), (34, 550), (34, 490), (36, 450), (46, 410), (62, 372),
    ]]),
    ("serratus_posterior_inferior", "back", "deep", [[
        (4, 402), (40, 386), (64, 370), (78, 366), (85, 378), (81, 392),
        (86, 406), (81, 420), (84, 434), (74, 443), (40, 452), (4, 463),
    ]]),
    ("quadratus_lumborum", "back", "deep", [rev(ILIOCOSTALIS_LATERAL[3:]) + [
        (60, 442), (72, 446), (82, 454), (87, 472), (90, 492), (90, 505),
        (80, 511), (68, 518),
    ]]),
    ("gluteus_medius", "back", "superficial", [[
        (34, 544), (46, 532), (62, 523), (80, 514), (96, 512), (106, 518),
        (110, 540), (113, 575),
    ] + rev(GLUTE_MAX_TOP)]),
    ("adductor_longus", "front", "superficial", [[
        (10, 612), (22, 607), (38, 640), (44, 690), (38, 760), (30, 770),
        (22, 730), (15, 680), (11, 640),
    ]]),
    ("tensor_fasciae_latae", "front", "superficial", [[
        (80, 540), (95, 536), (107, 556), (115, 600), (113, 640), (104, 664),
        (97, 640), (89, 598), (82, 562),
    ]]),
    ("soleus", "back", "deep", [[
        (30, 944), (62, 942), (73, 975), (73, 1022), (62, 1062), (54, 1086),
        (40, 1086), (27, 1060), (19, 1012), (21, 972),
    ]]),
    ("gluteus_minimus", "back", "deep", [[
        (60, 556), (70, 541), (86, 531), (102, 530), (110, 548), (112, 575),
        (110, 597), (96, 590), (80, 578), (66, 568),
    ]]),
    ("multifidus", "back", "deep", [[
        (5, 425), (16, 424), (20, 480), (22, 530), (18, 570), (12, 600),
        (5, 604), (5, 520),
    ]]),
    ("piriformis", "back", "deep", [[
        (20, 578), (44, 580), (72, 586), (100, 593), (110, 598), (102, 604),
        (72, 604), (44, 606), (18, 604),
    ]]),
    ("pelvic_floor", "back", "deep", [[
        (5, 610), (16, 612), (30, 626), (41, 644), (35, 661), (15, 667), (5, 650),
    ]]),
    ("iliopsoas", "front", "deep", [[
        (12, 452), (27, 450), (33, 480), (40, 508), (50, 513), (64, 512),
        (76, 521), (81, 537), (75, 560), (65, 584), (59, 610), (56, 640),
        (47, 668), (37, 662), (35, 634), (30, 600), (23, 560), (17, 520),
        (12, 486),
    ]]),
]

# trigger points: muscle_id -> [(tp_id, (u, y)), ...] for the right side
TRIGGER_POINTS = {
    "quadratus_lumborum": [
        ("superficial_upper", (74, 466)), ("superficial_lower", (80, 497)),
        ("deep_upper", (65, 485)), ("deep_lower", (64, 510)),
    ],
    "gluteus_medius": [
        ("posterior", (45, 544)), ("middle", (67, 536)), ("anterior", (90, 531)),
    ],
    "gluteus_minimus": [("anterior", (98, 557)), ("posterior", (74, 560))],
    "piriformis": [("lateral", (86, 595)), ("medial", (34, 591))],
    "gluteus_maximus": [
        ("sacral", (36, 567)), ("ischial", (42, 651)), ("coccygeal", (22, 665)),
    ],
    "iliopsoas": [("psoas", (20, 484)), ("iliacus", (67, 530)), ("distal", (44, 632))],
    "iliocostalis_lumborum": [("upper", (52, 438)), ("lower", (44, 490))],
    "longissimus_thoracis": [("lower_thoracic", (20, 410))],
    "multifidus": [("lumbar", (13, 514)), ("sacral", (13, 548))],
    "rectus_abdominis": [("upper", (28, 428)), ("lower", (14, 586))],
    "serratus_posterior_inferior": [("main", (70, 404))],
    "tensor_fasciae_latae": [("belly", (100, 594))],
    "hamstrings": [("medial", (31, 800)), ("lateral", (71, 836))],
    "soleus": [("distal", (36, 1066)), ("proximal", (48, 960)), ("lateral", (66, 1030))],
    "pelvic_floor": [
        ("levator_ani", (16, 657)), ("coccygeus", (13, 621)), ("obturator_internus", (35, 641)),
    ],
    "adductor_longus": [("proximal", (25, 650)), ("distal", (32, 738))],
    "vastus_lateralis": [("proximal", (99, 682)), ("middle", (84, 762)), ("distal", (68, 850))],
}

ZONE_ORDER = {
    "back": [
        "thoracolumbar", "lumbar", "iliac_crest", "sacroiliac", "sacrum", "coccyx",
        "upper_buttock", "lower_buttock", "lateral_hip", "posterior_thigh",
        "posterior_knee", "calf", "achilles", "heel", "lateral_thigh", "lateral_knee",
        "lateral_leg", "lateral_ankle", "sole",
    ],
    "front": [
        "upper_abdomen", "lower_abdomen", "groin", "anterior_hip", "anterior_thigh",
        "medial_thigh", "medial_knee", "anterior_knee", "anterior_leg", "perineum",
    ],
}


def zone_lines():
    lines = ['<g id="zones" fill="none" stroke="none">']
    for view, build in (("back", build_back_zones), ("front", build_front_zones)):
        sided_zones, midline = build()
        for name in ZONE_ORDER[view]:
            if name == "sole":  # drawn in its own inset, already in SVG coordinates
                for side in SIDES:
                    lines.append(
                        f'<path class="zone" id="zone-sole_{side}" data-zone="sole_{side}" '
                        f'data-side="{side}" data-view="{view}" d="{poly_d(sole_outline(side))}"/>'
                    )
                continue
            if name in midline:
                pts = place(symmetric(midline[name]), view)
                lines.append(
                    f'<path class="zone" id="zone-{name}" data-zone="{name}" '
                    f'data-side="midline" data-view="{view}" d="{poly_d(pts)}"/>'
                )
                continue
            for side in SIDES:
                region = f"{name}_{side}"
                pts = sided(sided_zones[name], view, side)
                lines.append(
                    f'<path class="zone" id="zone-{region}" data-zone="{region}" '
                    f'data-side="{side}" data-view="{view}" d="{poly_d(pts)}"/>'
                )
    lines.append("</g>")
    return lines


def muscle_lines():
    lines = ['<g id="muscles" fill="#c0695c" fill-opacity=".16" stroke="#a4554a" stroke-width="1.2">']
    for muscle, view, depth, subpaths in MUSCLES:
        for side in SIDES:
            d = "".join(
                poly_d(sided(sub[1], view, side), closed=False) if sub[0] == "line"
                else smooth_d(sided(keep_inside(sub, view), view, side))
                for sub in subpaths
            )
            dash = ' stroke-dasharray="6 4"' if depth == "deep" else ""
            lines.append(
                f'<path class="muscle {depth}" id="muscle-{muscle}_{side}" data-muscle="{muscle}" '
                f'data-side="{side}" data-view="{view}"{dash} d="{d}"/>'
            )
    lines.append("</g>")
    return lines


def tp_lines():
    views = {m: v for m, v, _, _ in MUSCLES}
    lines = ['<g id="trigger-points" visibility="hidden">']
    for muscle, _, _, _ in MUSCLES:
        for tp, pt in TRIGGER_POINTS[muscle]:
            for side in SIDES:
                (x, y), = sided([pt], views[muscle], side)
                lines.append(
                    f'<use href="#tp-cross" class="tp" data-tp="{muscle}/{tp}" '
                    f'data-side="{side}" x="{num(x)}" y="{num(y)}"/>'
                )
    lines.append("</g>")
    return lines


DEFS = """<defs>
<pattern id="pattern-stipple" width="9" height="9" patternUnits="userSpaceOnUse">
<rect width="9" height="9" fill="#c62828" fill-opacity=".14"/>
<circle cx="2.25" cy="2.25" r="1.7" fill="#c62828"/>
<circle cx="6.75" cy="6.75" r="1.7" fill="#c62828"/>
</pattern>
<pattern id="pattern-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="8" height="8" fill="#c62828" fill-opacity=".08"/>
<line x1="4" y1="0" x2="4" y2="8" stroke="#8e1b1b" stroke-width="2"/>
</pattern>
<pattern id="pattern-overlay-hatch" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<line x1="5" y1="0" x2="5" y2="10" stroke="#173f7a" stroke-width="3"/>
</pattern>
<pattern id="pattern-overlay-stipple" width="10" height="10" patternUnits="userSpaceOnUse">
<circle cx="2.5" cy="2.5" r="1.9" fill="#173f7a"/>
<circle cx="7.5" cy="7.5" r="1.9" fill="#173f7a"/>
</pattern>
<symbol id="tp-cross" overflow="visible" style="overflow:visible">
<path d="M-7-7L7 7M-7 7L7-7" fill="none" stroke="#fff" stroke-width="6.5" stroke-linecap="round"/>
<path d="M-7-7L7 7M-7 7L7-7" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round"/>
</symbol>
<symbol id="tp-no-press" overflow="visible" style="overflow:visible">
<circle r="9.5" fill="#fff" stroke="#fff" stroke-width="6"/>
<circle r="9" fill="none" stroke="currentColor" stroke-width="3"/>
<path d="M-6.4-6.4L6.4 6.4" stroke="currentColor" stroke-width="3" stroke-linecap="round"/>
</symbol>
</defs>"""


def build_svg():
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="bodymap" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">',
        DEFS,
        '<g id="art" class="art">',
    ]
    for view in VIEWS:
        lines += art_view(view)
    lines.append("</g>")
    lines += zone_lines()
    lines += muscle_lines()
    lines += tp_lines()
    lines.append('<g id="overlay"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def main(argv=None):
    """Write the figure to OUT, or to the path given as the only argument (the tests draw into a temporary folder)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else OUT
    out.write_text(build_svg(), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
