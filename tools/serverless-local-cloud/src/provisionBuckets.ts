import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { provisioning, type ProvisionRecorder } from './provisionReport.ts';
import { type ResourceCatalog, ResourceTypes } from './resourceCatalog.ts';

const bucketExists = async (s3: S3Client, bucket: string): Promise<boolean> => {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) {
      return false;
    }
    throw error;
  }
};

/** Creates the template's buckets; only the name is applied locally. */
export const provisionBuckets = async (
  catalog: ResourceCatalog,
  s3: S3Client,
  recorder: ProvisionRecorder,
): Promise<void> => {
  for (const entry of catalog.entries.filter(({ type }) => type === ResourceTypes.bucket)) {
    await provisioning(entry.logicalId, entry.type, async () => {
      const bucket = catalog.nameOf(entry.logicalId);
      for (const key of Object.keys(entry.properties)) {
        if (key !== 'BucketName' && key !== 'Tags') {
          recorder.notApplied(entry.logicalId, key);
        }
      }
      if (await bucketExists(s3, bucket)) {
        recorder.record(entry.logicalId, 'unchanged');
        return;
      }
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      recorder.record(entry.logicalId, 'created');
    });
  }
};
