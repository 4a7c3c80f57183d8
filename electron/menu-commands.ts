/** Commands the native menu sends to the renderer (main -> renderer, one channel). */
export const MENU_CHANNEL = 'lumbar:menu-command';
export type MenuCommand = { readonly kind: 'open-dataset-folder' } | { readonly kind: 'about' };
