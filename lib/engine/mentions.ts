const NAME_CHAR = /[\p{L}\p{N}_-]/u;

/**
 * Seller names addressed with @Name, exact and longest first, so "@Shop Plus"
 * addresses "Shop Plus" and not "Shop". Names are matched case-sensitively.
 */
export function parseMentions(text: string, sellerNames: readonly string[]): string[] {
  const byLength = [...sellerNames].sort((a, b) => b.length - a.length);
  const found: string[] = [];
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    const name = byLength.find((candidate) => {
      if (!text.startsWith(candidate, at + 1)) return false;
      const next = text[at + 1 + candidate.length];
      return next === undefined || !NAME_CHAR.test(next);
    });
    if (name && !found.includes(name)) found.push(name);
  }
  return found;
}

/** Addressed sellers, or all of them when the message names none. */
export function addressedSellers(
  mentions: readonly string[],
  sellerNames: readonly string[],
): string[] {
  return mentions.length ? sellerNames.filter((name) => mentions.includes(name)) : [...sellerNames];
}
