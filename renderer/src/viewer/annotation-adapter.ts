/**
 * The annotation adapter: keeps Cornerstone's SpinePoint annotations and the point store of the open study
 * in step, both ways, without echo loops.
 *
 * - store -> Cornerstone (`syncFromStore`, on every store change): add the missing annotations, move the
 *   ones whose position differs, remove the ones no longer in the store.
 * - Cornerstone -> store: a placed point (ANNOTATION_COMPLETED) is added with origin 'viewer'; a dragged
 *   point is committed once, on release (SpinePointTool.onEditEnd), or at once when modified
 *   programmatically; a removed annotation is deleted.
 * Invariants: both directions are idempotent (equal positions are no-ops, and the store ignores no-op
 * changes), and events raised while the adapter itself writes to Cornerstone are ignored (`applying`),
 * so one user gesture gives exactly one store change and a store change gives no store change back.
 * Positions cross the boundary through point-mapping (pixel <-> patient) plus the render path's display
 * offset (Cornerstone's CPU path puts pixel centres half a pixel from DICOM's, see `displayOffset`).
 */
import { eventTarget, type Types } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, type Types as ToolTypes } from '@cornerstonejs/tools';
import { add, sub, type SlicePlane, type Vec3 } from '../../../annotations/domain/geometry';
import { recordToWorld, worldToRecord, type SliceIndex } from './point-mapping';
import { pointLabel, samePosition, usePointStore, type PointRecord } from './point-store';
import { SpinePointTool, type SpinePointData } from './point-tool';

type PointAnnotation = ToolTypes.Annotation & { data: ToolTypes.Annotation['data'] & SpinePointData };

export interface AdapterOptions {
  readonly studyId: number;
  readonly slices: SliceIndex;
  /** Offset from DICOM patient space to Cornerstone's world for a slice (zero on the GPU path). */
  readonly displayOffset: (plane: SlicePlane) => Vec3;
  /** Re-render the viewports (after annotations were changed programmatically). */
  readonly render: () => void;
}

export class AnnotationAdapter {
  private applying = false;
  /** The point placed or dragged last: what Delete removes when nothing is selected. */
  private lastTouched: string | null = null;
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly tool: SpinePointTool,
    private readonly options: AdapterOptions,
  ) {}

  start(): void {
    const onCompleted = (evt: Event) => this.fromCornerstone(this.annotationOf(evt), false);
    const onModified = (evt: Event) => {
      if (!this.tool.editing) this.fromCornerstone(this.annotationOf(evt), true);
    };
    const onRemoved = (evt: Event) => {
      const a = this.annotationOf(evt);
      if (this.applying || !a?.annotationUID) return;
      usePointStore.getState().delete(a.annotationUID, 'viewer');
    };
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
    this.tool.onEditEnd = (uid) => {
      this.lastTouched = uid ?? null;
      const a = uid ? (csAnnotation.state.getAnnotation(uid) as PointAnnotation | undefined) : undefined;
      if (a) this.fromCornerstone(a, true);
    };
    const unsubscribe = usePointStore.subscribe((s, prev) => {
      if (s.points !== prev.points) this.syncFromStore();
    });
    this.disposers.push(
      () => eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted),
      () => eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified),
      () => eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved),
      () => (this.tool.onEditEnd = () => {}),
      unsubscribe,
    );
    this.syncFromStore();
  }

  private annotationOf(evt: Event): PointAnnotation | undefined {
    const a = (evt as CustomEvent<{ annotation?: PointAnnotation }>).detail?.annotation;
    return a?.metadata?.toolName === SpinePointTool.toolName ? a : undefined;
  }

  /** The record position of an annotation (undefined when its image is not part of this study). */
  private positionOf(a: PointAnnotation) {
    const imageId = a.metadata?.referencedImageId;
    const world = a.data.handles?.points?.[0] as Vec3 | undefined;
    const slice = imageId ? this.options.slices.byImage(imageId) : undefined;
    if (!imageId || !world || !slice?.plane) return undefined;
    return worldToRecord(this.options.slices, imageId, sub(world, this.options.displayOffset(slice.plane))) ?? undefined;
  }

  private fromCornerstone(a: PointAnnotation | undefined, isMove: boolean): void {
    if (this.applying || !a?.annotationUID) return;
    if (!csAnnotation.state.getAnnotation(a.annotationUID)) return; // removed meanwhile (outside the image)
    const position = this.positionOf(a);
    if (!position) return;
    const store = usePointStore.getState();
    const existing = store.points.find((p) => p.id === a.annotationUID);
    if (existing) {
      if (!samePosition(existing, position)) store.move(existing.id, position, 'viewer');
      return;
    }
    if (isMove && !a.data.condition) return;
    const { condition, level } = a.data;
    if (!condition || !level) return;
    store.add({ id: a.annotationUID, studyId: this.options.studyId, ...position, condition, level }, 'viewer');
  }

  /** Makes Cornerstone's SpinePoint annotations equal to the store's points of this study. */
  syncFromStore(): void {
    const records = usePointStore.getState().points.filter((p) => p.studyId === this.options.studyId);
    const wanted = new Set(records.map((r) => r.id));
    let changed = false;
    this.applying = true;
    try {
      for (const a of this.allPointAnnotations()) {
        if (!wanted.has(a.annotationUID!)) {
          csAnnotation.state.removeAnnotation(a.annotationUID!);
          changed = true;
        }
      }
      for (const record of records) changed = this.applyRecord(record) || changed;
    } finally {
      this.applying = false;
    }
    if (changed) this.options.render();
  }

  private allPointAnnotations(): PointAnnotation[] {
    return (csAnnotation.state.getAllAnnotations() as PointAnnotation[]).filter((a) => a.metadata?.toolName === SpinePointTool.toolName);
  }

  private applyRecord(record: PointRecord): boolean {
    const located = recordToWorld(this.options.slices, record);
    if (!located) return false;
    const world = add(located.world, this.options.displayOffset(located.slice.plane!)) as Types.Point3;
    const label = record.label ?? pointLabel(record.condition, record.level);
    if (record.color) csAnnotation.config.style.setAnnotationStyles(record.id, { color: record.color, textBoxColor: record.color });
    const existing = csAnnotation.state.getAnnotation(record.id) as PointAnnotation | undefined;
    if (existing && existing.metadata?.referencedImageId === located.slice.imageId) {
      const current = this.positionOf(existing);
      if (current && samePosition(current, record) && existing.data.label === label) return false;
      existing.data.handles!.points![0] = world;
      Object.assign(existing.data, { label, condition: record.condition, level: record.level });
      existing.invalidated = true;
      return true;
    }
    if (existing) csAnnotation.state.removeAnnotation(record.id);
    const normal = located.slice.plane!.iop;
    const n: Types.Point3 = [
      -(normal[1] * normal[5] - normal[2] * normal[4]),
      -(normal[2] * normal[3] - normal[0] * normal[5]),
      -(normal[0] * normal[4] - normal[1] * normal[3]),
    ];
    const forUid = located.slice.frameOfReferenceUid ?? '';
    const created: PointAnnotation = {
      annotationUID: record.id,
      highlighted: false,
      invalidated: true,
      isLocked: false,
      isVisible: true,
      metadata: {
        toolName: SpinePointTool.toolName,
        referencedImageId: located.slice.imageId,
        FrameOfReferenceUID: forUid,
        viewPlaneNormal: n,
      },
      data: {
        handles: { points: [world], activeHandleIndex: null },
        cachedStats: {},
        label,
        condition: record.condition,
        level: record.level,
      },
    };
    csAnnotation.state.addAnnotation(created, forUid);
    return true;
  }

  /** Deletes the selected point(s), else the one placed or moved last; the store follows through the events. */
  deleteSelected(): boolean {
    const selected = (csAnnotation.selection.getAnnotationsSelected() ?? []).map(
      (uid) => csAnnotation.state.getAnnotation(uid) as PointAnnotation | undefined,
    );
    let points = selected.filter((a): a is PointAnnotation => a?.metadata?.toolName === SpinePointTool.toolName);
    const last = this.lastTouched ? (csAnnotation.state.getAnnotation(this.lastTouched) as PointAnnotation | undefined) : undefined;
    if (points.length === 0 && last) points = [last];
    this.lastTouched = null;
    for (const a of points) csAnnotation.state.removeAnnotation(a.annotationUID!);
    if (points.length) this.options.render();
    return points.length > 0;
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    this.applying = true;
    for (const a of this.allPointAnnotations()) csAnnotation.state.removeAnnotation(a.annotationUID!);
    this.applying = false;
  }
}
