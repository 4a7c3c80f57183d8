/**
 * Starts loading the first image of each hung viewport as soon as a study is chosen, before React has
 * rendered the viewer: the session's `setStack` later gets the same in-flight request from Cornerstone's
 * cache (loads are keyed by image id), so opening a study overlaps the UI work with the network and decode.
 *
 * Invariants: only the three images the hanging protocol shows first, at the highest priority; failures
 * are ignored here (the viewport reports them when it loads). Leaves a `lumbar-preload` performance mark
 * (the viewer benchmark's timeline uses it).
 */
import { Enums, imageLoader } from '@cornerstonejs/core';
import type { StudyDetail } from '../../../annotations/contract/types';
import { readyRenderPath, setupCornerstone } from './cornerstone-setup';
import { initialChoices } from './hanging-protocol';
import { absoluteDicomBase, buildStack } from './stacks';

let last: StudyDetail | null = null;

export async function preloadFirstImages(study: StudyDetail, dicomBase: string): Promise<void> {
  performance.mark('lumbar-preload');
  if (study === last) return;
  last = study;
  // Synchronously when Cornerstone is up (it is, once a study list is shown): the requests then go out
  // before React renders the viewer (an await here would queue them behind that render).
  if (!readyRenderPath()) await setupCornerstone();
  const base = absoluteDicomBase(dicomBase, window.location.origin);
  const choices = initialChoices(study);
  for (const id of ['sag-t2', 'sag-t1', 'ax-t2'] as const) {
    const choice = choices[id];
    const stack = choice && buildStack(study, choice, base);
    const slice = stack?.slices[Math.floor(stack.slices.length / 2)];
    if (slice?.instance.decodable) {
      imageLoader.loadAndCacheImage(slice.imageId, { priority: -5, requestType: Enums.RequestType.Interaction }).catch(() => undefined);
    }
  }
}
