/**
 * A slug: lowercase letters a–z, digits and inner hyphens, 1–64 characters, starting and ending
 * with a letter or digit (`trondheim`, `nord-aurdal`, `runde-2-var`). Municipality codes and
 * round links are both slugs, so they read the same in a URL and in an export.
 */
export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
