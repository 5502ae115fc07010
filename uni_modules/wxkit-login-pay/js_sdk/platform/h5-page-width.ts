/**
 * H5 only (use it inside `#ifdef H5`, in main.ts: `app.mixin(pageMaxWidthMixin)`):
 * make a page's own `style.h5.maxWidth` in pages.json (the merchant console's
 * 1200 px, beside the buyer pages' 480 px column of `globalStyle.h5.maxWidth`)
 * apply when the page is reached by navigation, not only when it is loaded or
 * the window resized.
 *
 * Why: uni-h5 3.0.0-5000720260410001 (`useMaxWidth` in dist/uni-h5.es.js)
 * checks the width when the route changes, but before the new page is on the
 * page stack, so it applies the previous page's maxWidth — a console opened
 * from 我的 stays 480 px wide, and a buyer page reached from the console keeps
 * 1200 px. The same check runs on every window `resize`, reading the page on
 * screen; a page's onShow (it is then the top of the stack) asks for it.
 */
export const pageMaxWidthMixin = {
  onShow(): void {
    window.dispatchEvent(new Event('resize'))
  },
}
