package dev.filebacked.examples.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The application: Spring Boot's cache auto-configuration makes its CacheManager from
 * {@code application.properties} ({@code spring.cache.type=jcache}, FileBacked as the provider,
 * {@code filebacked-spring.conf} as the JCache manager's URI).
 */
@SpringBootApplication
@EnableCaching
public class BooksApplication {}
