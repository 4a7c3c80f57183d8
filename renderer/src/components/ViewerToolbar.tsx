/**
 * The viewer toolbar: layout, linking, ladder, display actions, cine, point mode with its label, help.
 * Buttons run registry actions by id (the same code as the keys), so titles show the registry shortcuts.
 */
import { memo, type ReactNode } from 'react';
import { CONDITION_ABBREVIATIONS, CONDITIONS, LEVELS, type Condition, type Level } from '../../../annotations/domain/protocol';
import { actionById, displayShortcut } from '../viewer/actions';
import { MR_PRESETS } from '../viewer/display';
import { pointLabel } from '../viewer/point-store';
import { useViewerStore } from '../viewer/viewer-store';

interface Props {
  readonly runAction: (id: string) => void;
}

function ActionButton({
  id,
  runAction,
  pressed,
  children,
}: {
  id: string;
  runAction: (id: string) => void;
  pressed?: boolean;
  children: ReactNode;
}) {
  const action = actionById(id);
  const keys = action?.shortcuts.map(displayShortcut).join(' / ');
  return (
    <button
      type="button"
      className={`tool-button${pressed ? ' pressed' : ''}`}
      aria-pressed={pressed}
      title={`${action?.label ?? id}${keys ? ` (${keys})` : ''}`}
      onClick={(e) => {
        runAction(id);
        e.currentTarget.blur();
      }}
    >
      {children}
    </button>
  );
}

// Memoised: a study switch re-renders the viewer, never these ~40 controls (their props do not change).
export const ViewerToolbar = memo(function ViewerToolbar({ runAction }: Props) {
  const layout = useViewerStore((s) => s.layout);
  const linked = useViewerStore((s) => s.settings.linked);
  const ladder = useViewerStore((s) => s.settings.ladder);
  const cineFps = useViewerStore((s) => s.settings.cineFps);
  const cinePlaying = useViewerStore((s) => s.cinePlaying);
  const pointMode = useViewerStore((s) => s.pointMode);
  const label = useViewerStore((s) => s.pointLabel);
  const maximized = useViewerStore((s) => s.maximized);
  const cacheLimitMb = useViewerStore((s) => s.settings.cacheLimitMb);
  const store = useViewerStore.getState;

  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group">
        <ActionButton id="layout-2x2" runAction={runAction} pressed={layout === '2x2'}>
          2×2
        </ActionButton>
        <ActionButton id="maximize" runAction={runAction} pressed={maximized !== null}>
          1-up
        </ActionButton>
      </div>
      <div className="tool-group">
        <ActionButton id="link" runAction={runAction} pressed={linked}>
          Link
        </ActionButton>
        <ActionButton id="ladder" runAction={runAction} pressed={ladder}>
          Ladder
        </ActionButton>
      </div>
      <div className="tool-group">
        <select
          className="narrow"
          aria-label="Window/level preset"
          value=""
          onChange={(e) => {
            if (e.target.value) runAction(`preset-${e.target.value}`);
            e.target.blur();
          }}
        >
          <option value="">W/L…</option>
          {MR_PRESETS.map((p, i) => (
            <option key={p.id} value={p.id}>
              {i + 6} · {p.label}
            </option>
          ))}
        </select>
        <ActionButton id="zoom-in" runAction={runAction}>
          +
        </ActionButton>
        <ActionButton id="zoom-out" runAction={runAction}>
          −
        </ActionButton>
        <ActionButton id="invert" runAction={runAction}>
          Inv
        </ActionButton>
        <ActionButton id="flip-h" runAction={runAction}>
          Flip H
        </ActionButton>
        <ActionButton id="flip-v" runAction={runAction}>
          Flip V
        </ActionButton>
        <ActionButton id="reset" runAction={runAction}>
          Reset
        </ActionButton>
      </div>
      <div className="tool-group">
        <ActionButton id="cine" runAction={runAction} pressed={cinePlaying !== null}>
          {cinePlaying ? '■ Stop' : '▶ Cine'}
        </ActionButton>
        <label className="fps">
          <input
            type="range"
            min={1}
            max={60}
            value={cineFps}
            aria-label="Cine frame rate"
            onChange={(e) => store().updateSettings({ cineFps: Number(e.target.value) })}
          />
          {cineFps} fps
        </label>
      </div>
      <div className="tool-group">
        <ActionButton id="point-mode" runAction={runAction} pressed={pointMode}>
          Point
        </ActionButton>
        <select
          className="narrow"
          title={pointLabel(label.condition, label.level)}
          aria-label="Point condition"
          value={label.condition}
          onChange={(e) => {
            store().setPointLabel({ ...label, condition: e.target.value as Condition });
            e.target.blur();
          }}
        >
          {CONDITIONS.map((c) => (
            <option key={c} value={c} title={c}>
              {CONDITION_ABBREVIATIONS[c]}
            </option>
          ))}
        </select>
        <select
          aria-label="Point level"
          value={label.level}
          onChange={(e) => {
            store().setPointLabel({ ...label, level: e.target.value as Level });
            e.target.blur();
          }}
        >
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <ActionButton id="delete-point" runAction={runAction}>
          ✕
        </ActionButton>
      </div>
      <span className="spacer" />
      <select
        aria-label="Image cache limit"
        title="Decoded images kept in memory (older ones are evicted first)"
        value={cacheLimitMb}
        onChange={(e) => {
          store().updateSettings({ cacheLimitMb: Number(e.target.value) });
          e.target.blur();
        }}
      >
        {[256, 512, 1024, 2048, 4096].map((mb) => (
          <option key={mb} value={mb}>
            Cache {mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`}
          </option>
        ))}
      </select>
      <ActionButton id="cheat-sheet" runAction={runAction}>
        ?
      </ActionButton>
    </div>
  );
});
