/**
 * Reference lines, the localizer ladder and the locate crosshair: what to draw (pure, patient space) and
 * an SVG layer per viewport that draws it (DOM only, no Cornerstone, no React).
 *
 * Why not Cornerstone's ReferenceLinesTool: on the CPU render path it never initialises (no
 * CAMERA_MODIFIED on slice change, STACK-NOTES), it draws one source per tool instance, and it hides lines
 * across frames of reference, whereas the viewer must show them with a warning. Here every other viewport's
 * current plane is intersected with the target's current plane (annotations/domain/geometry), clipped to
 * both images, and the session maps the segment to canvas pixels. Invariants: lines are recomputed from
 * the current slices on every render of any viewport (so they follow scrolling, zoom, pan, flips and
 * resizes); a missing geometry hides the lines of that pair with a notice; a frame-of-reference mismatch
 * keeps them, dashed, with a warning.
 */
import {
  distanceToPlane,
  dominantPlane,
  patientToPixel,
  pixelToPatient,
  referenceLine,
  type Segment3,
  type SlicePlane,
  type Vec3,
} from '../../../annotations/domain/geometry';

export interface LineSource {
  readonly id: string;
  readonly color: string;
  readonly shortName: string;
  /** Current slice plane (null: no geometry). */
  readonly plane: SlicePlane | null;
  readonly frameOfReferenceUid: string | null;
  /** Every slice of the source's stack, for the ladder. */
  readonly stackPlanes: ReadonlyArray<SlicePlane | null>;
}

export interface LineTarget {
  readonly plane: SlicePlane | null;
  readonly frameOfReferenceUid: string | null;
}

export interface WorldLine {
  readonly key: string;
  readonly sourceId: string;
  readonly color: string;
  readonly label: string | null;
  readonly role: 'current' | 'ladder';
  readonly mismatch: boolean;
  readonly segment: Segment3;
}

export interface LineNotice {
  readonly kind: 'warning' | 'hidden';
  readonly text: string;
}

/** Lines of every source on one target, and the notice to show on the target (if any). */
export function computeLines(
  target: LineTarget,
  sources: readonly LineSource[],
  ladder: boolean,
): { lines: WorldLine[]; notice: LineNotice | null } {
  const lines: WorldLine[] = [];
  let hidden: string | null = null;
  let mismatch = false;
  if (sources.length > 0 && !target.plane) {
    return { lines, notice: { kind: 'hidden', text: 'Reference lines hidden: this slice has no geometry' } };
  }
  for (const source of sources) {
    const result = referenceLine(source.plane, target.plane, source.frameOfReferenceUid, target.frameOfReferenceUid);
    if (result.kind === 'missing-geometry') {
      hidden = `Reference lines hidden: no geometry (IPP/IOP) in ${source.shortName}`;
      continue;
    }
    if (result.kind !== 'line') continue;
    mismatch ||= result.frameOfReferenceMismatch;
    lines.push({
      key: `${source.id}:current`,
      sourceId: source.id,
      color: source.color,
      label: source.shortName,
      role: 'current',
      mismatch: result.frameOfReferenceMismatch,
      segment: result.segment,
    });
    const ladderFits =
      ladder &&
      target.plane &&
      source.plane &&
      dominantPlane(source.plane.iop) === 'axial' &&
      dominantPlane(target.plane.iop) === 'sagittal';
    if (!ladderFits) continue;
    source.stackPlanes.forEach((plane, i) => {
      if (!plane || plane === source.plane) return;
      const rung = referenceLine(plane, target.plane, source.frameOfReferenceUid, target.frameOfReferenceUid);
      if (rung.kind === 'line') {
        lines.push({
          key: `${source.id}:ladder:${i}`,
          sourceId: source.id,
          color: source.color,
          label: null,
          role: 'ladder',
          mismatch: rung.frameOfReferenceMismatch,
          segment: rung.segment,
        });
      }
    });
  }
  const notice: LineNotice | null = hidden
    ? { kind: 'hidden', text: hidden }
    : mismatch
      ? { kind: 'warning', text: '⚠ Different frame of reference: lines may be misplaced' }
      : null;
  return { lines, notice };
}

export interface CanvasLine extends Omit<WorldLine, 'segment'> {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The SVG layer of one viewport: reference lines, ladder rungs and the crosshair, in canvas CSS pixels. */
export class LineOverlay {
  readonly svg: SVGSVGElement;
  private readonly items = new Map<string, { line: SVGLineElement; text: SVGTextElement | null }>();
  private readonly crosshair: SVGGElement;

  constructor(host: HTMLElement, viewportId: string) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'reference-lines');
    this.svg.dataset['linesFor'] = viewportId;
    this.crosshair = document.createElementNS(SVG_NS, 'g');
    this.crosshair.setAttribute('class', 'locate-crosshair');
    this.crosshair.style.display = 'none';
    for (const [x1, y1, x2, y2] of [
      [-14, 0, -4, 0],
      [4, 0, 14, 0],
      [0, -14, 0, -4],
      [0, 4, 0, 14],
    ] as const) {
      const l = document.createElementNS(SVG_NS, 'line');
      Object.entries({ x1, y1, x2, y2 }).forEach(([k, v]) => l.setAttribute(k, String(v)));
      this.crosshair.appendChild(l);
    }
    const ring = document.createElementNS(SVG_NS, 'circle');
    ring.setAttribute('r', '2');
    this.crosshair.appendChild(ring);
    this.svg.appendChild(this.crosshair);
    host.appendChild(this.svg);
  }

  draw(lines: readonly CanvasLine[], crosshair: { x: number; y: number } | null): void {
    const seen = new Set<string>();
    let labels = 0; // stacked, so coinciding lines (e.g. both sagittals at the same position) stay readable
    for (const l of lines) {
      seen.add(l.key);
      let item = this.items.get(l.key);
      if (!item) {
        const line = document.createElementNS(SVG_NS, 'line');
        line.dataset['source'] = l.sourceId;
        line.dataset['role'] = l.role;
        line.setAttribute('class', `ref-line ${l.role}`);
        let text: SVGTextElement | null = null;
        if (l.label) {
          text = document.createElementNS(SVG_NS, 'text');
          text.setAttribute('class', 'ref-label');
          text.textContent = l.label;
        }
        this.svg.insertBefore(line, this.crosshair);
        if (text) this.svg.insertBefore(text, this.crosshair);
        item = { line, text };
        this.items.set(l.key, item);
      }
      const { line, text } = item;
      line.setAttribute('x1', l.x1.toFixed(1));
      line.setAttribute('y1', l.y1.toFixed(1));
      line.setAttribute('x2', l.x2.toFixed(1));
      line.setAttribute('y2', l.y2.toFixed(1));
      line.setAttribute('stroke', l.color);
      line.classList.toggle('mismatch', l.mismatch);
      if (text) {
        // near the right / bottom end, inset along the line so it clears the corner overlays
        const [ex, ey, sx, sy] = l.x2 + l.y2 >= l.x1 + l.y1 ? [l.x2, l.y2, l.x1, l.y1] : [l.x1, l.y1, l.x2, l.y2];
        const [x, y] = [ex + 0.12 * (sx - ex), ey + 0.12 * (sy - ey)];
        text.setAttribute('x', (x - 4).toFixed(1));
        text.setAttribute('y', (y - 4 - 12 * labels++).toFixed(1));
        text.setAttribute('fill', l.color);
      }
    }
    for (const [key, item] of this.items) {
      if (seen.has(key)) continue;
      item.line.remove();
      item.text?.remove();
      this.items.delete(key);
    }
    if (crosshair) {
      this.crosshair.style.display = '';
      this.crosshair.setAttribute('transform', `translate(${crosshair.x.toFixed(1)} ${crosshair.y.toFixed(1)})`);
    } else {
      this.crosshair.style.display = 'none';
    }
  }

  dispose(): void {
    this.svg.remove();
    this.items.clear();
  }
}

/** A viewport as the overlays see it: its current slice, its stack, its SVG layer and its canvas mapping. */
export interface OverlayPane extends LineSource {
  readonly overlay: LineOverlay;
  /** How far (mm) a point may be from the current slice to be marked on it. */
  readonly tolerance: number;
  /** Canvas (CSS px) position of a DICOM patient point on this viewport. */
  readonly toCanvas: (point: Vec3) => readonly [number, number];
}

/**
 * Draws every pane's reference lines (from all other panes), ladder and crosshair; returns each pane's
 * notice (null: none).
 */
export function drawOverlays(panes: readonly OverlayPane[], ladder: boolean, crosshair: Vec3 | null): Map<string, LineNotice | null> {
  const notices = new Map<string, LineNotice | null>();
  for (const pane of panes) {
    const { lines, notice } = computeLines(
      pane,
      panes.filter((s) => s.id !== pane.id),
      ladder,
    );
    const canvasLines: CanvasLine[] = lines.map(({ segment, ...rest }) => {
      const [x1, y1] = pane.toCanvas(segment.start);
      const [x2, y2] = pane.toCanvas(segment.end);
      return { ...rest, x1, y1, x2, y2 };
    });
    let cross: { x: number; y: number } | null = null;
    const plane = pane.plane;
    if (crosshair && plane && Math.abs(distanceToPlane(plane, crosshair)) <= pane.tolerance) {
      const onPlane = patientToPixel(plane, crosshair);
      const [x, y] = pane.toCanvas(pixelToPatient(plane, onPlane.x, onPlane.y));
      cross = { x, y };
    }
    pane.overlay.draw(canvasLines, cross);
    notices.set(pane.id, notice);
  }
  return notices;
}
