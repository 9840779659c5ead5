// STUB — being written.
export interface ServingService {
  close(): Promise<void>;
}
