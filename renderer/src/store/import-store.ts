/**
 * The dataset import slice: the dialog, the running job (polled: the same over IPC and HTTP), and its
 * final summary with the problems list.
 */
import { create } from 'zustand';
import type { ImportJobStatus } from '../../../annotations/contract/types';
import { api } from '../transport/transport';
import { useAppStore } from './app-store';

const POLL_MS = 250;

interface ImportState {
  dialogOpen: boolean;
  /** Browser mode has no OS folder dialog: the dialog shows a path field instead. */
  pathFieldNeeded: boolean;
  job: ImportJobStatus | null;
  error: string | null;
  open(): Promise<void>;
  close(): void;
  start(folder: string): Promise<void>;
  cancel(): Promise<void>;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

export const useImportStore = create<ImportState>()((set, get) => {
  async function poll(jobId: string): Promise<void> {
    try {
      const job = await api.getImportStatus({ jobId });
      set({ job });
      if (job.state === 'running') {
        pollTimer = setTimeout(() => void poll(jobId), POLL_MS);
      } else {
        await useAppStore.getState().refreshStudies();
      }
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  return {
    dialogOpen: false,
    pathFieldNeeded: false,
    job: null,
    error: null,

    async open() {
      if (get().job?.state === 'running') {
        set({ dialogOpen: true });
        return;
      }
      set({ job: null, error: null });
      const choice = await api.pickFolder({ title: 'Open dataset folder' });
      if (!choice.supported) {
        set({ dialogOpen: true, pathFieldNeeded: true });
        return;
      }
      if (choice.folder) {
        set({ dialogOpen: true, pathFieldNeeded: false });
        await get().start(choice.folder);
      }
    },

    close() {
      if (pollTimer && get().job?.state !== 'running') clearTimeout(pollTimer);
      set({ dialogOpen: false });
    },

    async start(folder) {
      set({ error: null });
      try {
        const job = await api.startImport({ folder });
        set({ job });
        void poll(job.jobId);
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },

    async cancel() {
      const job = get().job;
      if (!job) return;
      set({ job: await api.cancelImport({ jobId: job.jobId }) });
    },
  };
});
