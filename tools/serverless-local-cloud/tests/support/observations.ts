import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { Instruction, Observation } from '../fixture-service/src/instruction.ts';

export type { Instruction, Observation };

/** A fresh id that marks one test's messages. */
export const newRunId = (): string => randomUUID();

/** The instruction a record carries. */
export const instructionOf = (record: SQSRecord): Instruction =>
  JSON.parse(record.body) as Instruction;

/** A record as the tests read it: its name and how often it has been received. */
export const describeRecord = (record: SQSRecord): string =>
  `${instructionOf(record).name}#${record.attributes.ApproximateReceiveCount}`;

/** One invocation's report, narrowed to one run's records and sorted by time. */
export interface RunObservation extends Observation {
  readonly runRecords: readonly SQSRecord[];
  /** Names of the run's records, with their receive count: "A2#1". */
  readonly seen: readonly string[];
  /** Names of the run's records the handler processed successfully, in order. */
  readonly processedNames: readonly string[];
}

/** The invocations that saw any record of `runId`, oldest first. */
export const observationsOf = (messages: readonly Message[], runId: string): RunObservation[] =>
  messages
    .map((message) => JSON.parse(message.Body ?? '{}') as Observation)
    .map((observation) => {
      const runRecords = observation.records.filter(
        (record) => instructionOf(record).runId === runId,
      );
      const names = new Map(
        runRecords.map((record) => [record.messageId, instructionOf(record).name]),
      );
      return {
        ...observation,
        runRecords,
        seen: runRecords.map(describeRecord),
        processedNames: observation.processed.flatMap((id) => names.get(id) ?? []),
      };
    })
    .filter(({ runRecords }) => runRecords.length > 0)
    .sort((a, b) => (BigInt(a.at) < BigInt(b.at) ? -1 : 1));
