/**
 * Click-to-locate and linked scrolling, as pure decisions on stack geometry (the session applies them).
 *
 * Invariants: viewports are only ever moved by a 3D position, never by a slice index: locate sends every
 * other viewport to its slice nearest the clicked point; linking moves same-orientation viewports to the
 * slice nearest the leader's current plane, and never touches viewports of another orientation.
 */
import {
  distanceToPlane,
  nearestSliceIndex,
  planeCenter,
  sameOrientation,
  type SlicePlane,
  type Vec3,
} from '../../../annotations/domain/geometry';

export interface PaneGeometry {
  readonly id: string;
  readonly planes: ReadonlyArray<SlicePlane | null>;
  readonly index: number;
}

export interface Move {
  readonly id: string;
  readonly index: number;
}

/** Where each other viewport goes for a located point (viewports without geometry stay). */
export function locateMoves(point: Vec3, panes: readonly PaneGeometry[], sourceId: string): Move[] {
  const moves: Move[] = [];
  for (const pane of panes) {
    if (pane.id === sourceId) continue;
    const nearest = nearestSliceIndex(pane.planes, point);
    if (nearest && nearest.index !== pane.index) moves.push({ id: pane.id, index: nearest.index });
  }
  return moves;
}

/** Same-orientation viewports following a leader's slice (by position along the normal). */
export function linkedMoves(leader: PaneGeometry, panes: readonly PaneGeometry[]): Move[] {
  const plane = leader.planes[leader.index];
  if (!plane) return [];
  const centre = planeCenter(plane);
  const moves: Move[] = [];
  for (const pane of panes) {
    if (pane.id === leader.id) continue;
    const current = pane.planes[pane.index] ?? pane.planes.find((p) => p !== null);
    if (!current || !sameOrientation(current.iop, plane.iop)) continue;
    const nearest = nearestSliceIndex(pane.planes, centre);
    if (nearest && nearest.index !== pane.index) moves.push({ id: pane.id, index: nearest.index });
  }
  return moves;
}

/** Half the typical slice spacing of a stack (at least 1 mm): how far a point may be from a slice to be "on" it. */
export function onSliceTolerance(planes: ReadonlyArray<SlicePlane | null>): number {
  const known = planes.filter((p): p is SlicePlane => p !== null);
  if (known.length < 2) return 2;
  const gaps: number[] = [];
  for (let i = 1; i < known.length; i++) gaps.push(Math.abs(distanceToPlane(known[i - 1]!, known[i]!.ipp)));
  gaps.sort((a, b) => a - b);
  return Math.max(1, gaps[Math.floor(gaps.length / 2)]! / 2 + 0.01);
}
