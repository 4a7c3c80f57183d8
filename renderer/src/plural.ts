/** A count with its noun: "1 study", "2 studies", "0 studies". */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
