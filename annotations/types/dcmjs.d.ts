// Minimal typings for the parts of dcmjs this project uses (dcmjs ships no types).
declare module 'dcmjs' {
  export interface DicomDictEntry {
    vr: string;
    Value: unknown[];
    InlineBinary?: string;
  }
  export type DenaturalizedDataset = Record<string, DicomDictEntry>;
  export type NaturalizedDataset = Record<string, unknown>;

  export interface ReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  export class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }

  export const data: {
    DicomDict: typeof DicomDict;
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict;
    };
    DicomMetaDictionary: {
      naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
      denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
      uid(): string;
      date(): string;
      time(): string;
    };
  };
  const dcmjs: { data: typeof data; log: { level: unknown; setLevel?(level: string): void } };
  export default dcmjs;
}
