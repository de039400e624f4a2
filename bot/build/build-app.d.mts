export declare const DIST: string;
export declare function buildApp(): Promise<void>;
