/** First screen: who is reading? Pick a reader profile or create one (name, initials, role). */
import { useState } from 'react';
import type { ReaderRole } from '../../../annotations/domain/reading';
import { useSessionStore } from './session-store';

export function ReaderPicker() {
  const readers = useSessionStore((s) => s.readers);
  const message = useSessionStore((s) => s.message);
  const { chooseReader, createReader } = useSessionStore.getState();
  const [name, setName] = useState('');
  const [initials, setInitials] = useState('');
  const [role, setRole] = useState<ReaderRole>('reader');

  return (
    <div className="reader-picker">
      <h1>Who is reading?</h1>
      <p className="muted">Everything you grade is saved under your profile. Readers see only their own grades.</p>
      {readers.length > 0 && (
        <ul className="reader-list" aria-label="Readers">
          {readers.map((r) => (
            <li key={r.id}>
              <button type="button" onClick={() => void chooseReader(r.id)}>
                <span className="initials">{r.initials}</span> {r.name}{' '}
                <span className="muted">{r.role === 'qa_lead' ? 'QA lead' : 'reader'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="new-reader"
        aria-label="New reader"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && initials.trim()) void createReader(name.trim(), initials.trim(), role);
        }}
      >
        <h2>New profile</h2>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus={readers.length === 0} />
        </label>
        <label>
          Initials
          <input value={initials} maxLength={4} onChange={(e) => setInitials(e.target.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as ReaderRole)}>
            <option value="reader">Reader</option>
            <option value="qa_lead">QA lead</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={!name.trim() || !initials.trim()}>
          Create and start
        </button>
        {message && <p className="dialog-error">{message}</p>}
      </form>
    </div>
  );
}
