"""Where documents are kept: the file system (default) or S3-compatible object storage.

With `SCHAKEL_DOCUMENTS_S3_BUCKET` set, documents go to that bucket through django-storages
(any S3-compatible store: a municipality's own MinIO or Ceph, or a cloud's). Nothing changes for
the user: files are still only ever handed out by Schakel's audited download view, streamed from
the bucket — never by a bucket URL, so there is no address to guess or to share. The bucket
must not be public; objects are written private and never overwritten (names are random UUIDs).
"""

from collections.abc import Mapping


def documents_s3_storage(env: Mapping[str, str]) -> dict:
    """The `STORAGES["documents"]` entry for S3, from the environment."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["SCHAKEL_DOCUMENTS_S3_BUCKET"],
            "endpoint_url": env.get("SCHAKEL_DOCUMENTS_S3_ENDPOINT") or None,
            "region_name": env.get("SCHAKEL_DOCUMENTS_S3_REGION") or None,
            "access_key": env.get("SCHAKEL_DOCUMENTS_S3_ACCESS_KEY") or None,
            "secret_key": env.get("SCHAKEL_DOCUMENTS_S3_SECRET_KEY") or None,
            "location": env.get("SCHAKEL_DOCUMENTS_S3_PREFIX", "documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
