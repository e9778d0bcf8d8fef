/** Formats the parse benchmark measures besides CloudFormation: filled in as readers land. */
export async function extraFormats(): Promise<Array<{ format: string; pattern: RegExp; accept: (text: string) => boolean; parse: (text: string, file: string) => unknown }>> {
  return []
}
