/**
 * SpinePointTool: a probe-like Cornerstone3D annotation tool for labelled points (one handle, a text label
 * such as "L4/L5 R-NFN" beside it, no pixel statistics).
 *
 * Active (point mode): a left-click places a point with the label chosen in the viewer store; Passive
 * (otherwise): existing points can still be grabbed and moved. Invariants: the label and the protocol
 * keys (`condition`, `level`) live in `annotation.data`; `editing` is true from the press that creates or
 * grabs a point until its release, and `onEditEnd(uid)` fires once after each release, which is when the
 * annotation adapter commits a move to the point store (so one drag = one store change). Points outside
 * the image are removed on release.
 */
import { ProbeTool, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { Condition, Level } from '../../../annotations/domain/protocol';
import { pointLabel } from './point-store';

export interface SpinePointData {
  label?: string;
  condition?: Condition;
  level?: Level;
}

type InteractionEvent = ToolTypes.EventTypes.InteractionEventType;

export class SpinePointTool extends ProbeTool {
  static override toolName = 'SpinePoint';

  /** True while a point is being placed or dragged. */
  editing = false;
  /** Label of the next placed point. */
  nextLabel: () => { condition: Condition; level: Level } = () => ({ condition: 'Spinal Canal Stenosis', level: 'L4/L5' });
  /** Called after the mouse is released on a point that was placed or dragged. */
  onEditEnd: (annotationUID: string | undefined) => void = () => {};

  constructor(toolProps: ToolTypes.PublicToolProps = {}) {
    super(toolProps, {
      configuration: {
        shadow: true,
        preventHandleOutsideImage: true,
        handleRadius: '4',
        getTextLines: (data: SpinePointData) => (data.label ? [data.label] : undefined),
      },
    });
    const add = this.addNewAnnotation;
    this.addNewAnnotation = (evt: InteractionEvent, interactionType?: ToolTypes.InteractionTypes) => {
      const { condition, level } = this.nextLabel();
      const annotation = add(evt, interactionType);
      const data = annotation.data as typeof annotation.data & SpinePointData;
      data.condition = condition;
      data.level = level;
      data.label = pointLabel(condition, level);
      this.editing = true;
      return annotation;
    };
    const end = this._endCallback;
    this._endCallback = (evt: InteractionEvent) => {
      const uid = this.editData?.annotation.annotationUID;
      end(evt);
      this.editing = false;
      this.onEditEnd(uid);
    };
  }

  override handleSelectedCallback(evt: InteractionEvent, annotation: Parameters<ProbeTool['handleSelectedCallback']>[1]): void {
    this.editing = true;
    super.handleSelectedCallback(evt, annotation);
  }

  /** Grabbing a point anywhere near its handle moves it (a probe has no other part to grab). */
  override toolSelectedCallback(): void {}
}
