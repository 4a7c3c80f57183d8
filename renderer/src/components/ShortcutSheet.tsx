/**
 * The `?` cheat sheet: every keyboard action of the viewer registry and of the grading keyboard, grouped,
 * with its shortcuts, plus the mouse gestures. Generated from the registry, so it cannot drift from the key handling.
 */
import { displayShortcut, MOUSE_GESTURES, VIEWER_ACTIONS, type ActionGroup } from '../viewer/actions';
import { useViewerStore } from '../viewer/viewer-store';
import { GRADING_ACTIONS } from '../grading/grading-actions';

const GROUPS: readonly ActionGroup[] = ['Navigate', 'Display', 'Cine', 'Layout', 'Reference', 'Points', 'Help'];

export function ShortcutSheet() {
  const open = useViewerStore((s) => s.cheatSheetOpen);
  const close = () => useViewerStore.getState().setCheatSheetOpen(false);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={close}>
      <div className="modal cheat-sheet" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className="cheat-columns">
          {GROUPS.map((group) => (
            <section key={group}>
              <h3>{group}</h3>
              <ShortcutTable actions={VIEWER_ACTIONS.filter((a) => a.group === group)} />
            </section>
          ))}
          <section>
            <h3>Grading</h3>
            <ShortcutTable actions={GRADING_ACTIONS} />
          </section>
          <section className="mouse">
            <h3>Mouse</h3>
            <table>
              <tbody>
                {MOUSE_GESTURES.map(([gesture, what]) => (
                  <tr key={gesture}>
                    <td className="keys">
                      <kbd>{gesture}</kbd>
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function ShortcutTable({ actions }: { actions: ReadonlyArray<{ id: string; label: string; shortcuts: readonly string[] }> }) {
  return (
    <table>
      <tbody>
        {actions.map((a) => (
          <tr key={a.id}>
            <td className="keys">
              {a.shortcuts.map((k) => (
                <kbd key={k}>{displayShortcut(k)}</kbd>
              ))}
            </td>
            <td>{a.label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
