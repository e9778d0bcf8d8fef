/** The text with its first letter in lower case, for a description that starts a sentence elsewhere ("Listener X" inside "the action of listener X"). */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
