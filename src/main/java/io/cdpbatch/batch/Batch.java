package io.cdpbatch.batch;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.cdpbatch.lifecycle.BatchStatus;

/** One allocated upload and what became of it. */
@Entity
@Table(name = "batch")
public class Batch {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "client_id", nullable = false)
    public Long clientId;

    @Column(nullable = false)
    public UUID ref;

    @Column(nullable = false, length = 32, columnDefinition = "bpchar(32)")
    public String checksum;

    @Column(nullable = false)
    public long size;

    @Column(nullable = false, length = 16)
    public BatchStatus status;

    public String message;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "modified_at", nullable = false)
    public Instant modifiedAt;

    @Column(name = "upload_expires_at", nullable = false)
    public Instant uploadExpiresAt;

    @Column(name = "time_to_process_ms")
    public Long timeToProcessMs;

    @Column(name = "total_count")
    public Long totalCount;

    @Column(name = "succeeded_count")
    public Long succeededCount;

    @Column(name = "failed_count")
    public Long failedCount;

    @Column(name = "has_log", nullable = false)
    public boolean hasLog;

    @Column(name = "lease_owner", length = 128)
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "processed_by", length = 128)
    public String processedBy;

    @Column(name = "processing_started_at")
    public Instant processingStartedAt;

    @Column(name = "checked_at")
    public Instant checkedAt;

    @Column(name = "arrived_at")
    public Instant arrivedAt;

    @Column(name = "lease_takeovers", nullable = false)
    public int leaseTakeovers;

    /** Bytes of the gzipped upload consumed by the attempt in processing (its progress). */
    @Column(name = "bytes_read", nullable = false)
    public long bytesRead;

    /** A dry run validates its records against the database and changes no customer data. */
    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    /** The object of the failed records' original lines exists. */
    @Column(name = "has_failed_records", nullable = false)
    public boolean hasFailedRecords;

    /** status.summary.errors as stored when the batch ended with failures, JSON text; null otherwise. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "error_summary")
    public String errorSummary;
}
