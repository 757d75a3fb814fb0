/** The one export of `stopword` (3.x ships no types) that hybrid ranking uses: English stop words. */
declare module "stopword" {
  export const eng: readonly string[];
}
