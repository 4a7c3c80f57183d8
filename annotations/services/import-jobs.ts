/**
 * Import jobs: an import runs in the background of the backend process and the UI polls its status
 * (polling works the same over Electron IPC and HTTP). One job at a time per folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db } from '../storage/database.js';
import { importDataset, type ImportProgress } from '../importer/indexer.js';
import type { ImportJobStatus } from '../contract/types.js';
import { ApiError } from '../contract/contract.js';

interface Job {
  status: ImportJobStatus;
  controller: AbortController;
  startedAt: number;
  done: Promise<void>;
}

export function createImportJobs(db: Db, options: { isDemo?: (folder: string) => boolean } = {}) {
  const jobs = new Map<string, Job>();

  function progressStatus(job: Job, p: ImportProgress): ImportJobStatus {
    const seconds = (performance.now() - job.startedAt) / 1000;
    const rate = seconds > 0 ? p.filesRead / seconds : 0;
    const remaining = Math.max(0, p.filesSeen - p.filesRead);
    return {
      ...job.status,
      phase: p.phase,
      filesSeen: p.filesSeen,
      filesRead: p.filesRead,
      filesPerSecond: Math.round(rate),
      etaSeconds: p.phase === 'indexing' && rate > 0 ? Math.ceil(remaining / rate) : null,
    };
  }

  function start(folderInput: string): ImportJobStatus {
    const folder = path.resolve(folderInput);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(folder);
    } catch {
      throw new ApiError('not-found', `folder not found: ${folder}`);
    }
    if (!stat.isDirectory()) throw new ApiError('bad-request', `not a folder: ${folder}`);
    for (const job of jobs.values()) {
      if (job.status.folder === folder && job.status.state === 'running') return job.status;
    }
    const jobId = randomUUID();
    const job: Job = {
      status: {
        jobId,
        folder,
        state: 'running',
        phase: 'scanning',
        filesSeen: 0,
        filesRead: 0,
        filesPerSecond: 0,
        etaSeconds: null,
        summary: null,
        error: null,
      },
      controller: new AbortController(),
      startedAt: performance.now(),
      done: Promise.resolve(),
    };
    jobs.set(jobId, job);
    job.done = importDataset(db, folder, {
      signal: job.controller.signal,
      isDemo: options.isDemo?.(folder) ?? false,
      onProgress: (p) => {
        job.status = progressStatus(job, p);
      },
    }).then(
      (summary) => {
        job.status = { ...job.status, state: summary.cancelled ? 'cancelled' : 'done', phase: 'done', summary, etaSeconds: null };
      },
      (error: unknown) => {
        job.status = { ...job.status, state: 'failed', error: error instanceof Error ? error.message : String(error) };
      },
    );
    return job.status;
  }

  function get(jobId: string): Job {
    const job = jobs.get(jobId);
    if (!job) throw new ApiError('not-found', `no import job ${jobId}`);
    return job;
  }

  return {
    start,
    status: (jobId: string) => get(jobId).status,
    cancel(jobId: string): ImportJobStatus {
      get(jobId).controller.abort();
      return get(jobId).status;
    },
    /** Resolves when the job has finished (tests, CLI). */
    wait: (jobId: string) => get(jobId).done,
    cancelAll(): void {
      for (const job of jobs.values()) job.controller.abort();
    },
  };
}
