/** An intent as a producer publishes it: a CloudEvents envelope keyed by its id. */
export function intentMessage(
  id: string,
  type: string,
  data: Record<string, unknown>,
): { key: string; value: string } {
  return {
    key: id,
    value: JSON.stringify({
      specversion: '1.0',
      id,
      source: 'urn:test',
      type,
      time: new Date().toISOString(),
      data,
    }),
  };
}
